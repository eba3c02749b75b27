namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DisplacementTests(BrowserApp app)
{
    [Fact]
    public async Task An_analyst_picks_areas_and_sees_the_chart_the_classification_and_an_intervention_line()
    {
        // Start-up seeds the demo world (scale 0.2) with its public interventions, among them the Merksem shooting (January 2023,
        // Belgium, cocaine), and the demo watches of analyst.be-fedpol.
        var page = await app.NewPageAsync("analyst.be-fedpol");
        await page.ClickAsync("#nav-displacement");
        await page.Locator("#selection").WaitForAsync();

        await page.CheckAsync("input[name=market][value=cocaine]");
        await page.CheckAsync("input[name=kind][value=seizure]");
        await page.CheckAsync("input[name=area][value=BE]");
        await page.CheckAsync("input[name=area][value=NL]");
        await page.ClickAsync("#analyse");

        await page.Locator("#chart-series[data-rendered=true]").WaitForAsync();
        await page.Locator("#chart-shares[data-rendered=true]").WaitForAsync();
        await page.Locator("#chart-total[data-rendered=true]").WaitForAsync();
        var latest = await page.InnerTextAsync("#latest-classification");
        Assert.Matches("(Shift|Expansion|Contraction|Stable|Cannot tell)", latest);
        Assert.True(await page.Locator("#windows tr.window").CountAsync() >= 2);
        Assert.Contains("Merksem", await page.Locator("#chart-series svg").TextContentAsync() ?? "", StringComparison.Ordinal);

        await page.Locator("#windows tr.window details summary").First.ClickAsync();
        Assert.True(await page.Locator("#windows tr.window details table.evidence tr[data-kind=total_trend]").First.IsVisibleAsync());
    }
}
