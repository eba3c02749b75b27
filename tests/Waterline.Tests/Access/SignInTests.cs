using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Tests.Access;

/// <summary>The sign-in and account use cases on real SQLite and PostgreSQL databases.</summary>
public sealed class SignInTests
{
    private const string Password = "correct horse battery";
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task CreateAsync(TestDatabase test, string userName, Role role = Role.Analyst, string organisation = "BE-FEDPOL",
        string? password = Password, string? external = null)
    {
        await using var db = test.NewContext();
        var result = await new CreateAccount.Handler(db, TimeProvider.System)
            .HandleAsync(new CreateAccount.Request(userName, organisation, role, password, "Test Person", external), CancellationToken.None);
        Assert.True(result.Created, $"{result.Field}: {result.Problem}");
    }

    private static async Task<SignIn.Result> SignInAsync(TestDatabase test, string userName, string password, TimeProvider? clock = null,
        LockoutPolicy? lockout = null)
    {
        await using var db = test.NewContext();
        return await new SignIn.Handler(db, clock ?? TimeProvider.System, lockout ?? new LockoutPolicy())
            .HandleAsync(new SignIn.Request(userName, password, "  PV 2025/0042  "), CancellationToken.None);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_right_password_signs_in_and_a_wrong_one_or_an_unknown_user_gets_the_same_answer(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "Analyst.BE-Fedpol");

        var ok = await SignInAsync(test, " analyst.be-fedpol ", Password);
        Assert.True(ok.Succeeded);
        Assert.Equal(new Reader("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst, "PV 2025/0042"), ok.Reader);
        Assert.Equal("Test Person", ok.DisplayName);

        var wrong = await SignInAsync(test, "analyst.be-fedpol", Password + "!");
        var unknown = await SignInAsync(test, "nobody.be-fedpol", Password);
        Assert.False(wrong.Succeeded);
        Assert.Equal(SignInFailure.WrongCredentials, wrong.Failure);
        Assert.Equal(SignIn.WrongCredentialsMessage, wrong.Message);
        Assert.Equal(wrong.Failure, unknown.Failure);
        Assert.Equal(wrong.Message, unknown.Message);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_and_then_the_right_one_works_again(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "investigator.nl-politie", Role.Investigator, "NL-POLITIE");
        var clock = new ManualClock(Start);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(SignInFailure.WrongCredentials, (await SignInAsync(test, "investigator.nl-politie", "guess " + i, clock)).Failure);
        }
        var fifth = await SignInAsync(test, "investigator.nl-politie", "guess 5", clock);
        Assert.Equal(SignInFailure.LockedOut, fifth.Failure);
        Assert.Equal(Start.UtcDateTime.AddMinutes(15), fifth.LockedUntil);
        Assert.Contains("locked until 2025-03-01 09:15 UTC", fifth.Message, StringComparison.Ordinal);

        // During the lockout even the right password is refused.
        clock.Advance(TimeSpan.FromMinutes(14));
        var during = await SignInAsync(test, "investigator.nl-politie", Password, clock);
        Assert.Equal(SignInFailure.LockedOut, during.Failure);

        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await SignInAsync(test, "investigator.nl-politie", Password, clock);
        Assert.True(after.Succeeded);
        await using var db = test.NewContext();
        var account = await db.Set<Account>().SingleAsync(a => a.UserName == "investigator.nl-politie");
        Assert.Equal(0, account.FailedAttempts);
        Assert.Null(account.LockoutEnd);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_lockout_threshold_and_duration_are_configurable_and_a_success_resets_the_count(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "analyst.be-customs", organisation: "BE-CUSTOMS");
        var clock = new ManualClock(Start);
        var policy = new LockoutPolicy(2, TimeSpan.FromMinutes(1));

        Assert.Equal(SignInFailure.WrongCredentials, (await SignInAsync(test, "analyst.be-customs", "x", clock, policy)).Failure);
        Assert.True((await SignInAsync(test, "analyst.be-customs", Password, clock, policy)).Succeeded);
        Assert.Equal(SignInFailure.WrongCredentials, (await SignInAsync(test, "analyst.be-customs", "y", clock, policy)).Failure);
        var locked = await SignInAsync(test, "analyst.be-customs", "z", clock, policy);
        Assert.Equal(SignInFailure.LockedOut, locked.Failure);
        Assert.Equal(Start.UtcDateTime.AddMinutes(1), locked.LockedUntil);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Password_hashes_are_not_the_password_and_differ_for_the_same_password(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "analyst.be-fedpol");
        await CreateAsync(test, "analyst.be-customs", organisation: "BE-CUSTOMS");

        await using var db = test.NewContext();
        var hashes = await db.Set<Account>().OrderBy(a => a.Id).Select(a => a.PasswordHash!).ToListAsync();
        Assert.All(hashes, h => Assert.DoesNotContain(Password, h, StringComparison.Ordinal));
        // Identity's v3 format: base64 of 0x01, PRF, iterations, salt and subkey; salted, so equal passwords hash apart.
        Assert.All(hashes, h => Assert.Equal(0x01, Convert.FromBase64String(h)[0]));
        Assert.NotEqual(hashes[0], hashes[1]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_disabled_account_is_refused_even_with_the_right_password(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "reporter.be-grid", Role.PartnerReporter, "BE-GRID");
        await using (var db = test.NewContext())
        {
            await db.Set<Account>().ExecuteUpdateAsync(s => s.SetProperty(a => a.Disabled, true));
        }

        Assert.Equal(SignInFailure.Disabled, (await SignInAsync(test, "reporter.be-grid", Password)).Failure);
        // A guesser learns nothing about the state of the account.
        Assert.Equal(SignInFailure.WrongCredentials, (await SignInAsync(test, "reporter.be-grid", "guess")).Failure);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Creating_an_account_refuses_an_unknown_organisation_a_taken_name_and_a_short_password(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "analyst.be-fedpol");
        await using var db = test.NewContext();
        var create = new CreateAccount.Handler(db, TimeProvider.System);

        var unknown = await create.HandleAsync(new("a.b", "BE-NOWHERE", Role.Analyst, Password), CancellationToken.None);
        Assert.Equal(("organisation", "'BE-NOWHERE' is not a known organisation code"), (unknown.Field, unknown.Problem));
        var taken = await create.HandleAsync(new("ANALYST.be-fedpol", "BE-FEDPOL", Role.Analyst, Password), CancellationToken.None);
        Assert.Equal(("user name", "'analyst.be-fedpol' is already taken"), (taken.Field, taken.Problem));
        var shortPassword = await create.HandleAsync(new("b.c", "BE-FEDPOL", Role.Analyst, "short"), CancellationToken.None);
        Assert.Equal("password", shortPassword.Field);
        var badName = await create.HandleAsync(new("anna peeters", "BE-FEDPOL", Role.Analyst, Password), CancellationToken.None);
        Assert.Equal("user name", badName.Field);
        Assert.Equal(1, await db.Set<Account>().CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Administrators_list_the_accounts_and_nobody_else_may(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.NewContext();
        Assert.Equal(CreateDemoAccounts.Accounts.Count, (await new CreateDemoAccounts.Handler(db, TimeProvider.System).HandleAsync(CancellationToken.None)).Created);
        var list = new ListAccounts.Handler(db);

        var admin = new Reader("admin.be-drugscom", "BE-DRUGSCOM", Role.Administrator);
        var rows = (await list.HandleAsync(new ListAccounts.Request(admin), CancellationToken.None)).Accounts;
        Assert.Equal(CreateDemoAccounts.Accounts.Select(a => a.UserName).Order(), rows.Select(r => r.UserName).Order());
        var grid = Assert.Single(rows, r => r.UserName == "reporter.be-grid");
        Assert.Equal(("BE-GRID", "Electricity grid operator (partner)", Role.PartnerReporter, true), (grid.Organisation, grid.OrganisationName, grid.Role, grid.HasPassword));

        var analyst = new Reader("analyst.be-fedpol", "BE-FEDPOL", Role.Analyst);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => list.HandleAsync(new ListAccounts.Request(analyst), CancellationToken.None));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Demo_accounts_cover_every_role_and_both_countries_and_are_created_once(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await new CreateDemoAccounts.Handler(db, TimeProvider.System).HandleAsync(CancellationToken.None);
        }
        await using (var db = test.NewContext())
        {
            Assert.Equal(0, (await new CreateDemoAccounts.Handler(db, TimeProvider.System).HandleAsync(CancellationToken.None)).Created);
            var accounts = await db.Set<Account>().Select(a => new { a.Role, a.OrganisationCode }).ToListAsync();
            Assert.Equal(CreateDemoAccounts.Accounts.Count, accounts.Count);
            Assert.Equal(Enum.GetValues<Role>().Order(), accounts.Select(a => a.Role).Distinct().Order());
            Assert.Equal(["BE", "NL"], accounts.Select(a => a.OrganisationCode[..2]).Distinct().Order());
        }
        foreach (var demo in CreateDemoAccounts.Accounts)
        {
            Assert.True((await SignInAsync(test, demo.UserName, CreateDemoAccounts.Password)).Succeeded, demo.UserName);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_external_user_maps_to_the_account_by_external_subject_or_user_name_and_an_unknown_one_is_refused(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await CreateAsync(test, "analyst.nl-politie", organisation: "NL-POLITIE", password: null, external: "d.devries@politie.example");
        await CreateAsync(test, "k.janssens@police.example", Role.Investigator);
        await using var db = test.NewContext();
        var handler = new SignInExternal.Handler(db, TimeProvider.System);

        var bySubject = await handler.HandleAsync(new("d.devries@politie.example", "case 7"), CancellationToken.None);
        Assert.Equal(new Reader("analyst.nl-politie", "NL-POLITIE", Role.Analyst, "case 7"), bySubject.Reader);
        var byName = await handler.HandleAsync(new("K.Janssens@police.example"), CancellationToken.None);
        Assert.Equal("k.janssens@police.example", byName.Reader?.Account);
        var unknown = await handler.HandleAsync(new("someone@elsewhere.example"), CancellationToken.None);
        Assert.False(unknown.Succeeded);
        Assert.Contains("has no Waterline account", unknown.Refusal, StringComparison.Ordinal);
        Assert.False((await handler.HandleAsync(new(null), CancellationToken.None)).Succeeded);

        // An account without a password cannot sign in locally at all.
        Assert.Equal(SignInFailure.WrongCredentials, (await SignInAsync(test, "analyst.nl-politie", "")).Failure);
    }
}
