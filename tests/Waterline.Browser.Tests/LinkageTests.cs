using Microsoft.Playwright;

namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LinkageTests(BrowserApp app)
{
    private static async Task StatePurposeAsync(IPage page, string purpose)
    {
        await page.GotoAsync("/account");
        await page.FillAsync("#purpose", purpose);
        await page.ClickAsync("#set-purpose");
        await page.Locator("#purpose-saved").WaitForAsync();
    }

    [Fact]
    public async Task Two_analysts_confirm_a_pair_from_two_organisations_and_the_entity_page_shows_both_records_and_the_waterfall()
    {
        // The demo world plants duplicates across sources, and start-up fills the queue (DemoSubjects, FindLinkCandidates).
        var first = await app.NewPageAsync("analyst.be-fedpol");
        await first.GotoAsync("/linkage?kind=Person");
        Assert.Equal(1, await first.Locator("#personal-withheld").CountAsync() + await first.Locator("#linkage-error").CountAsync());
        await StatePurposeAsync(first, "case BE-2026-041");
        await first.GotoAsync("/linkage?kind=Person");
        var row = first.Locator("tr.candidate[data-cross='true'][data-status='Pending']").First;
        var id = await row.GetAttributeAsync("data-id");
        await row.Locator("button.confirm").ClickAsync();
        Assert.Contains("second person must confirm", await first.InnerTextAsync("#decision-message"), StringComparison.Ordinal);
        Assert.Equal("AwaitingSecondConfirmation", await first.Locator($"tr.candidate[data-id='{id}']").GetAttributeAsync("data-status"));

        var second = await app.NewPageAsync("investigator.be-fedpol");
        await StatePurposeAsync(second, "case BE-2026-041");
        await second.GotoAsync("/linkage?kind=Person");
        await second.Locator($"tr.candidate[data-id='{id}'] button.confirm").ClickAsync();
        Assert.Contains("confirmed: the records are linked", await second.InnerTextAsync("#decision-message"), StringComparison.Ordinal);
        await second.ClickAsync("#decision-entity");

        await second.Locator("#entity-title").WaitForAsync();
        Assert.Equal(2, await second.Locator("#records .record-column").CountAsync());
        var organisations = await second.Locator("#records .record-org").AllInnerTextsAsync();
        Assert.Equal(2, organisations.Distinct().Count());
        var confirmedBy = await second.InnerTextAsync(".link .confirmed-by");
        Assert.Contains("analyst.be-fedpol", confirmedBy, StringComparison.Ordinal);
        Assert.Contains("investigator.be-fedpol", confirmedBy, StringComparison.Ordinal);
        // Prior, three person fields and the total; the person's fields add weight (green bars).
        Assert.Equal(5, await second.Locator(".link svg.waterfall rect.bar").CountAsync());
        Assert.True(await second.Locator(".link svg.waterfall rect.bar.positive").CountAsync() >= 1);
    }
}
