namespace Waterline.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AccessTests(BrowserApp app)
{
    [Fact]
    public async Task Two_demo_users_see_their_own_name_organisation_and_role_and_only_their_menu()
    {
        var analyst = await app.NewPageAsync("analyst.nl-politie");
        Assert.Equal("Daan de Vries", await analyst.InnerTextAsync("#signed-in-name"));
        Assert.Equal("NL-POLITIE", await analyst.InnerTextAsync("#signed-in-organisation"));
        Assert.Equal("analyst", await analyst.InnerTextAsync("#signed-in-role"));
        Assert.Equal("Market picture", await analyst.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await analyst.Locator("#nav-picture").CountAsync());

        var reporter = await app.NewPageAsync("reporter.be-grid");
        Assert.Equal("Luc Dubois", await reporter.InnerTextAsync("#signed-in-name"));
        Assert.Equal("BE-GRID", await reporter.InnerTextAsync("#signed-in-organisation"));
        Assert.Equal("partner-reporter", await reporter.InnerTextAsync("#signed-in-role"));
        // A reporter lands on the upload page; the market picture is not offered.
        Assert.Equal("Import a file", await reporter.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await reporter.Locator("#nav-picture").CountAsync());
        Assert.Equal(1, await reporter.Locator("#nav-upload").CountAsync());
    }

    [Fact]
    public async Task Two_analysts_of_different_organisations_see_different_dashboards()
    {
        // The demo world releases AMBER police records to the owner's national group only (DemoWorld/README.md), so a
        // Belgian and a Dutch analyst each see their own country's restricted records and not the other's.
        var belgian = await app.NewPageAsync("analyst.be-fedpol");
        var dutch = await app.NewPageAsync("analyst.nl-politie");
        var be = await TotalsAsync(belgian);
        var nl = await TotalsAsync(dutch);
        Assert.True(be["BE"] > nl["BE"], $"BE records seen by the Belgian analyst ({be["BE"]}) and the Dutch one ({nl["BE"]})");
        Assert.True(nl["NL"] > be["NL"], $"NL records seen by the Dutch analyst ({nl["NL"]}) and the Belgian one ({be["NL"]})");
    }

    private static async Task<Dictionary<string, double>> TotalsAsync(Microsoft.Playwright.IPage page)
    {
        var totals = new Dictionary<string, double>();
        foreach (var row in await page.Locator("tr.total").AllAsync())
        {
            var country = await row.GetAttributeAsync("data-country");
            var value = await row.Locator("td.num").GetAttributeAsync("data-value");
            totals[country!] = double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
        }
        return totals;
    }

    [Fact]
    public async Task A_partner_reporter_opening_the_dashboard_sees_access_denied()
    {
        var page = await app.NewPageAsync("reporter.nl-grid");
        var response = await page.GotoAsync("/?market=cocaine");
        Assert.Equal(403, response!.Status);
        Assert.Equal("Access denied", await page.Locator("h1").InnerTextAsync());
        Assert.EndsWith("/account/access-denied?ReturnUrl=%2F%3Fmarket%3Dcocaine", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_click_on_a_demo_account_fills_the_form_and_signs_in_after_a_wrong_password_was_refused()
    {
        var page = await app.NewAnonymousPageAsync();
        await page.GotoAsync("/intake/upload");
        Assert.Contains("/account/login?ReturnUrl=%2Fintake%2Fupload", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#username", "admin.be-drugscom");
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("#sign-in");
        Assert.Equal("The user name or password is not correct.", await page.InnerTextAsync("#login-error"));

        await page.ClickAsync("button.demo-fill[data-user='admin.be-drugscom']");
        Assert.Equal("admin.be-drugscom", await page.InputValueAsync("#username"));
        await page.FillAsync("#purpose", "Demo walkthrough");
        await page.ClickAsync("#sign-in");
        await page.Locator("#signed-in").WaitForAsync();
        Assert.Equal("Import a file", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("administrator", await page.InnerTextAsync("#signed-in-role"));

        await page.ClickAsync("#signed-in-name");
        Assert.Equal("Demo walkthrough", await page.InnerTextAsync("#session-purpose"));
        await page.ClickAsync("#sign-out");
        await page.Locator("#sign-in-link").WaitForAsync();
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }
}
