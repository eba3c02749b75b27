using Waterline.Access;
using Waterline.Cli.Access;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>waterline accounts add / list on real SQLite and PostgreSQL databases.</summary>
public sealed class AccountsCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> AddAsync(TestDatabase test, string name, string organisation, string role, string? password)
    {
        await using var db = test.NewContext();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AccountsCommand.AddAsync(db, name, organisation, role, password, "Anna Peeters", null, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_account_added_on_the_command_line_signs_in_and_is_listed(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var password = await AccountsCommand.ReadPasswordAsync(new StringReader("a long enough password\nnext line\n"), CancellationToken.None);
        var (exit, output, _) = await AddAsync(test, "analyst.be-fedpol", "be-fedpol", "partner-reporter", password);
        Assert.Equal(AccountsCommand.Done, exit);
        Assert.Equal("Account analyst.be-fedpol created (BE-FEDPOL, partner-reporter).", output.Trim());

        await using var db = test.NewContext();
        var signIn = await new SignIn.Handler(db, TimeProvider.System, new LockoutPolicy())
            .HandleAsync(new SignIn.Request("analyst.be-fedpol", "a long enough password"), CancellationToken.None);
        Assert.Equal(Role.PartnerReporter, signIn.Reader?.Role);

        var list = new StringWriter();
        Assert.Equal(AccountsCommand.Done, await AccountsCommand.ListAsync(db, list, CancellationToken.None));
        Assert.Contains("analyst.be-fedpol", list.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 account(s).", list.ToString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_role_or_organisation_exits_2_and_creates_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var role = await AddAsync(test, "x.be-fedpol", "BE-FEDPOL", "superuser", "a long enough password");
        Assert.Equal(AccountsCommand.Refused, role.Exit);
        Assert.Contains("--role: 'superuser' is not a role; expected one of analyst, investigator, partner-reporter, administrator, researcher.", role.Err, StringComparison.Ordinal);
        var organisation = await AddAsync(test, "x.be-fedpol", "BE-NOWHERE", "analyst", "a long enough password");
        Assert.Equal(AccountsCommand.Refused, organisation.Exit);
        Assert.Contains("organisation: 'BE-NOWHERE' is not a known organisation code. No account was created.", organisation.Err, StringComparison.Ordinal);

        await using var db = test.NewContext();
        var list = new StringWriter();
        await AccountsCommand.ListAsync(db, list, CancellationToken.None);
        Assert.Equal("0 account(s).", list.ToString().Trim());
    }
}
