using System.Text;

namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class UploadTests(BrowserApp app)
{
    [Fact]
    public async Task Uploading_a_csv_with_one_bad_row_shows_the_accepted_count_and_the_rejected_row()
    {
        // Two good rows and, in data row 2, a market that does not exist.
        var csv = "external_id,source_organisation,market,echelon,occurred_at,country,municipality,quantity,unit\n" +
            $"B-{Guid.NewGuid():N},BE-CUSTOMS,cocaine,import-transit,2024-01-12,BE,Antwerpen,100,kilogram\n" +
            $"B-{Guid.NewGuid():N},BE-CUSTOMS,cocaïne2,import-transit,2024-01-13,BE,Antwerpen,5,kilogram\n" +
            $"B-{Guid.NewGuid():N},BE-CUSTOMS,cannabis,retail,2024-01-14,BE,Gent,2,gram\n";
        var page = await app.NewPageAsync("analyst.be-customs");
        await page.GotoAsync("/intake/upload");

        await page.SelectOptionAsync("#kind", "seizure");
        await page.SetInputFilesAsync("#file", new Microsoft.Playwright.FilePayload
        {
            Name = "seizures.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.ClickAsync("#upload");
        await page.Locator("#report").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Visible });

        Assert.Equal("2", await page.InnerTextAsync("#accepted"));
        Assert.Equal("1", await page.InnerTextAsync("#rejected"));
        var cells = await page.Locator("table#rejections tbody tr td").AllInnerTextsAsync();
        Assert.Equal("2", cells[0]);
        Assert.Equal("market", cells[1]);
        Assert.StartsWith("'cocaïne2' is not a market; expected one of cannabis", cells[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_template_link_follows_the_chosen_kind_and_a_refused_file_shows_why()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/intake/upload");
        await page.SelectOptionAsync("#kind", "lab-finding");
        Assert.Equal("/api/imports/template/lab-finding.csv", await page.GetAttributeAsync("#template", "href"));

        await page.SetInputFilesAsync("#file", new Microsoft.Playwright.FilePayload
        {
            Name = "typo.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("external_id,substanse\nx,y\n"),
        });
        await page.ClickAsync("#upload");
        await page.Locator("#error").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Visible });
        Assert.Contains("Unknown column 'substanse'", await page.InnerTextAsync("#error"), StringComparison.Ordinal);
    }
}
