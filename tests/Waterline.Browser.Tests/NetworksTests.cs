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

    [Fact]
    public async Task Suggested_key_players_are_ticked_and_their_removal_is_shown_beside_the_textbook_strategy_and_a_neighbourhood_can_be_expanded()
    {
        var page = await app.NewPageAsync("analyst.be-fedpol");
        await page.GotoAsync("/account");
        await page.FillAsync("#purpose", "case BE-2026-041");
        await page.ClickAsync("#set-purpose");
        await page.Locator("#purpose-saved").WaitForAsync();

        await page.GotoAsync("/networks?from=2024-09-01&to=2024-10-31&market=Cocaine&size=pageRank");
        var chart = page.Locator("#network-chart[data-rendered='true']");
        await chart.WaitForAsync();
        var total = await page.Locator("#measures tr.node-row").CountAsync();
        Assert.Equal("community", await page.InputValueAsync("#colour-by"));
        Assert.Equal("pageRank", await page.InputValueAsync("#size-by"));
        Assert.Contains("a broker", await page.InnerTextAsync("#measures-legend"), StringComparison.Ordinal);

        await page.FillAsync("#key-k", "2");
        await page.ClickAsync("#suggest");
        var suggested = page.Locator("#key-players-result[data-players]");
        await suggested.WaitForAsync();
        var players = (await suggested.GetAttributeAsync("data-players"))!.Split(',');
        Assert.Equal(2, players.Length);
        foreach (var id in players)
        {
            Assert.True(await page.Locator($"#measures input.remove[value='{id}']").IsCheckedAsync());
        }
        Assert.Equal(2, await page.Locator("#measures input.remove:checked").CountAsync());

        await page.ClickAsync("#simulate");
        var verdict = page.Locator("#removal-verdict[data-verdict]");
        await verdict.WaitForAsync();
        // Every pair was tried, so the suggestion is never worse than the textbook pair.
        Assert.Contains(await verdict.GetAttributeAsync("data-verdict"), new[] { "better", "equal" });
        Assert.NotEmpty(await page.InnerTextAsync("#textbook-removed"));
        Assert.NotEmpty(await page.InnerTextAsync("#textbook-fragmentation"));

        // Clicking an actor offers its neighbourhood alone, and the way back to the whole network.
        await page.EvaluateAsync("id => { echarts.getInstanceByDom(document.getElementById('network-chart')).trigger('click', { dataType: 'node', data: { id: id } }); }", players[0]);
        await page.Locator("#node-details:not([hidden])").WaitForAsync();
        await page.ClickAsync("#node-ego");
        await page.Locator($"#network-chart[data-ego='{players[0]}']").WaitForAsync();
        var shown = int.Parse((await chart.GetAttributeAsync("data-nodes"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(shown, 2, total - 1);
        await page.ClickAsync("#show-all");
        await page.Locator("#network-chart[data-ego='']").WaitForAsync();
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), await chart.GetAttributeAsync("data-nodes"));
    }
}
