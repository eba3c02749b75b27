using System.Globalization;
using Microsoft.Playwright;

namespace Waterline.Browser.Tests;

// The fixture writes PictureData; a demo world may be there too, so these tests check that the page agrees with
// itself (chart sum = table sum, export = table) and that filters change it, not fixed totals.
[Collection(BrowserCollection.Name)]
public sealed class PictureTests(BrowserApp app)
{
    private static async Task<double> ChartSumAsync(IPage page)
    {
        await page.WaitForSelectorAsync("#chart[data-rendered='true']");
        return double.Parse((await page.GetAttributeAsync("#chart", "data-series-sum"))!, CultureInfo.InvariantCulture);
    }

    private static async Task<string[]> ValueCellsAsync(IPage page) =>
        [.. (await page.Locator("table#picture-table tbody tr td.num").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value)"))];

    private static double Sum(IEnumerable<string> values) => values.Sum(v => double.Parse(v, CultureInfo.InvariantCulture));

    [Fact]
    public async Task Choosing_a_market_redraws_the_chart_and_the_table_for_that_market_only()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/?from=2025-01&to=2025-12");
        var allSum = await ChartSumAsync(page);
        var allValues = await ValueCellsAsync(page);
        Assert.True(allSum > 0);
        // The chart plots every period and country; the table (period x country x market) partitions the same counts.
        Assert.Equal(allSum, Sum(allValues), 6);

        await page.SelectOptionAsync("select#market", "cannabis");
        await page.WaitForURLAsync(url => url.Contains("market=cannabis", StringComparison.Ordinal));
        Assert.Contains("market=cannabis", page.Url, StringComparison.Ordinal);
        var cannabisSum = await ChartSumAsync(page);
        var cannabisValues = await ValueCellsAsync(page);
        Assert.NotEqual(allSum, cannabisSum);
        Assert.True(cannabisSum > 0);
        Assert.Equal(cannabisSum, Sum(cannabisValues), 6);
        var markets = await page.Locator("table#picture-table tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(markets);
        Assert.All(markets, m => Assert.Equal("cannabis", m));
        Assert.Equal("cannabis", await page.InputValueAsync("select#market"));
    }

    [Fact]
    public async Task Both_maps_draw_every_province_of_their_country_offline()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/?measure=quantity_kg&from=2025-01&to=2025-12");
        await page.WaitForSelectorAsync("#map-be[data-rendered='true']");
        await page.WaitForSelectorAsync("#map-nl[data-rendered='true']");
        Assert.Equal(11, await page.Locator("#map-be path.leaflet-interactive").CountAsync());
        Assert.Equal(12, await page.Locator("#map-nl path.leaflet-interactive").CountAsync());
        Assert.Contains("name-suggestion-index", await page.Locator("#map-be .leaflet-control-attribution").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("CBS/PDOK", await page.Locator("#map-nl .leaflet-control-attribution").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("kg", await page.Locator("#map-legend").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sorting_by_value_then_exporting_gives_the_rows_of_the_table_in_the_same_order()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/?measure=quantity_kg&from=2025-01&to=2025-12&group=period&group=country");
        // First click sorts ascending, the second flips to descending; the server sorts, so the export can match.
        await page.ClickAsync("table#picture-table th a[data-column='value']");
        await page.WaitForURLAsync(url => url.Contains("sort=value&dir=asc", StringComparison.Ordinal));
        await page.ClickAsync("table#picture-table th a[data-column='value']");
        await page.WaitForURLAsync(url => url.Contains("sort=value&dir=desc", StringComparison.Ordinal));
        var values = (await ValueCellsAsync(page)).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(values.Length > 1);
        Assert.Equal(values.OrderByDescending(v => v), values);

        var rows = await page.Locator("table#picture-table tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => [...r.cells].map(c => c.dataset.value ?? c.innerText.trim()).join(','))");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a#export-csv"));
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToArray();
        Assert.StartsWith("# Waterline export: TLP:", lines[0], StringComparison.Ordinal);
        Assert.Equal("period,country,quantity_kg", lines[1]);
        Assert.Equal(rows, lines.Skip(2));
    }

    [Fact]
    public async Task Filters_that_match_nothing_show_an_empty_state()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/?from=1901-01&to=1901-02");
        Assert.Contains("No observation matches these filters", await page.Locator("#empty-state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("table#picture-table").CountAsync());
    }
}
