namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NetworksTests(BrowserApp app)
{
    [Fact]
    public async Task An_analyst_sees_the_link_chart_and_measures_and_removing_the_top_broker_shrinks_the_largest_component()
    {
        // Start-up seeds the demo network (DemoNetwork) beside the demo world.
        var page = await app.NewPageAsync("analyst.be-fedpol");
        await page.GotoAsync("/account");
        await page.FillAsync("#purpose", "case BE-2026-041");
        await page.ClickAsync("#set-purpose");
        await page.Locator("#purpose-saved").WaitForAsync();

        // Phase 5 of the demo network (September-October 2024).
        await page.GotoAsync("/networks?from=2024-09-01&to=2024-10-31&market=Cocaine");
        await page.Locator("#network-chart[data-rendered='true']").WaitForAsync();
        Assert.True(await page.Locator("#measures tr.node-row").CountAsync() > 20);
        Assert.Equal("2024-09-01", await page.InputValueAsync("#from"));

        // The table opens sorted by betweenness: the first row is the broker of the phase.
        var top = page.Locator("#measures tr.node-row").First;
        await top.Locator("input.remove").CheckAsync();
        await page.ClickAsync("#simulate");
        var result = page.Locator("#removal-result[data-largest-after]");
        await result.WaitForAsync();
        var before = int.Parse((await result.GetAttributeAsync("data-largest-before"))!, System.Globalization.CultureInfo.InvariantCulture);
        var after = int.Parse((await result.GetAttributeAsync("data-largest-after"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(await page.Locator("#network-summary").GetAttributeAsync("data-largest"), before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(after < before, $"after {after} < before {before}");
        Assert.Equal(after.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#largest-after"));

        // Sorting by degree puts the highest degree first.
        await page.ClickAsync("#measures button.sort[data-key='degree']");
        var degrees = await page.Locator("#measures tr.node-row").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.getAttribute('data-degree')))");
        Assert.Equal(degrees.OrderByDescending(d => d), degrees);
    }
}
