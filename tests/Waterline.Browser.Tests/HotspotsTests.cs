namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HotspotsTests(BrowserApp app)
{
    [Fact]
    public async Task An_analyst_sees_hotspot_cells_on_the_map_and_the_near_repeat_table_and_a_filter_change_redraws_them()
    {
        var page = await app.NewPageAsync("analyst.be-fedpol");
        await page.GotoAsync("/");
        await page.ClickAsync("#nav-hotspots");
        var map = page.Locator("#hotspot-map[data-rendered='true']");
        await map.WaitForAsync(new() { Timeout = 60_000 });
        // The demo world plants violence hotspots in Brussels and Antwerp (DemoWorld/PlantedHotspot.cs).
        Assert.True(int.Parse((await map.GetAttributeAsync("data-hotspots"))!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(await page.Locator("#hotspot-map path.leaflet-interactive, #hotspot-map canvas").CountAsync() > 0);
        Assert.Contains("false discovery rate", await page.InnerTextAsync(".hotspot-definitions"), StringComparison.Ordinal);

        var table = page.Locator("#near-repeat[data-rendered='true']");
        await table.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(12, await page.Locator("#near-repeat-table td.nr-cell").CountAsync());

        await page.SelectOptionAsync("#cell-size", "1000");
        await page.WaitForURLAsync("**/hotspots?*cellSize=1000*");
        await page.Locator("#hotspot-map[data-rendered='true']").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("1000", await page.InputValueAsync("#cell-size"));
        Assert.Contains("1,000 m cells", await page.InnerTextAsync("#map-summary"), StringComparison.Ordinal);
    }
}
