namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class EstimationTests(BrowserApp app)
{
    [Fact]
    public async Task An_analyst_estimates_the_demo_population_and_sees_the_overlaps_the_models_and_the_estimate()
    {
        // Start-up seeds the planted dark number (DemoDarkNumber: 500 plantations, Belgium 2025) beside the demo world.
        var page = await app.NewPageAsync("analyst.be-fedpol");
        await page.GotoAsync("/estimation");
        await page.Locator("#estimation-purpose").WaitForAsync();

        await page.GotoAsync("/account");
        await page.FillAsync("#purpose", "study 2026-07 plantations");
        await page.ClickAsync("#set-purpose");
        await page.Locator("#purpose-saved").WaitForAsync();

        await page.ClickAsync("#nav-estimation");
        await page.Locator("#venn").WaitForAsync();
        Assert.Equal(7, await page.Locator("#venn text.venn-count").CountAsync());
        Assert.Equal(8, await page.Locator("#models tr.model-row").CountAsync());
        Assert.Equal(1, await page.Locator("#models tr.model-row.chosen").CountAsync());
        var lower = double.Parse((await page.Locator("#chosen-estimate").GetAttributeAsync("data-lower"))!, System.Globalization.CultureInfo.InvariantCulture);
        var upper = double.Parse((await page.Locator("#chosen-estimate").GetAttributeAsync("data-upper"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(500, lower, upper);
        await page.Locator("#iceberg").WaitForAsync();
        Assert.Equal(3, await page.Locator("#strata tr[data-stratum]").CountAsync());
        Assert.Equal(4, await page.Locator("#assumptions li").CountAsync());

        // Only the police list: the warning box says why there is no estimate.
        await page.GotoAsync("/estimation?list=BE-FEDPOL&kind=ProductionSite&country=BE&from=2025-01-01&to=2025-12-31");
        await page.Locator("#estimation-warnings").WaitForAsync();
        Assert.Contains("Only one list", await page.InnerTextAsync("#estimation-warnings"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#models").CountAsync());
    }
}
