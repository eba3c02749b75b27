namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HomeTests(BrowserApp app)
{
    [Fact]
    public async Task The_home_page_opens_on_the_market_picture()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("Market picture", await page.Locator("h1").InnerTextAsync());
    }
}
