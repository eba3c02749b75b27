using System.CommandLine;
using System.Globalization;
using System.Text;
using Waterline.Access;
using Waterline.Storage;

namespace Waterline.Cli.Access;

/// <summary><c>waterline accounts add NAME --organisation ORG --role ROLE</c> (password from --password or stdin) and
/// <c>waterline accounts list</c>. Run by an operator on the server, so it acts as <see cref="Reader.System"/>.</summary>
public static class AccountsCommand
{
    public const int Done = 0;
    public const int Refused = 2;

    public static Command Create()
    {
        var command = new Command("accounts", "Manage the accounts that sign in to Waterline.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateAdd()
    {
        var name = new Argument<string>("name") { Description = "User name, e.g. analyst.be-fedpol (lower-case letters, digits, . - _ @)." };
        var organisation = new Option<string>("--organisation") { Required = true, Description = "Organisation code, e.g. BE-FEDPOL." };
        var role = new Option<string>("--role") { Required = true, Description = $"Role: {string.Join(", ", Accounts.RoleNames)}." };
        var displayName = new Option<string?>("--display-name") { Description = "The person's name as shown in the app; default: the user name." };
        var password = new Option<string?>("--password")
        {
            Description = $"At least {Accounts.MinPasswordLength} characters. Without it, the password is read from standard input " +
                "(first line), which keeps it out of the shell history.",
        };
        var external = new Option<string?>("--external-subject")
        {
            Description = "The value of the OpenID Connect claim (default: email) that names this person at the organisation's provider.",
        };
        var command = new Command("add", "Create an account.") { name, organisation, role, displayName, password, external };
        command.SetAction(async (parse, ct) =>
        {
            var secret = parse.GetValue(password);
            if (secret is null && (Console.IsInputRedirected || parse.GetValue(external) is null))
            {
                secret = await ReadPasswordAsync(Console.In, ct);
            }
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            return await AddAsync(db, parse.GetValue(name)!, parse.GetValue(organisation)!, parse.GetValue(role)!, secret,
                parse.GetValue(displayName), parse.GetValue(external), Console.Out, Console.Error, ct);
        });
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List the accounts: user name, organisation, role, state.");
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            return await ListAsync(db, Console.Out, ct);
        });
        return command;
    }

    /// <summary>The add command's work, callable in-process (tests) on any database.</summary>
    public static async Task<int> AddAsync(WaterlineDbContext db, string name, string organisation, string roleName, string? password,
        string? displayName, string? externalSubject, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!Accounts.TryParseRole(roleName, out var role))
        {
            await stderr.WriteLineAsync($"--role: '{roleName}' is not a role; expected one of {string.Join(", ", Accounts.RoleNames)}.");
            return Refused;
        }
        var result = await new CreateAccount.Handler(db, TimeProvider.System).HandleAsync(
            new CreateAccount.Request(name, organisation, role.Value, string.IsNullOrEmpty(password) ? null : password, displayName, externalSubject), ct);
        if (!result.Created)
        {
            await stderr.WriteLineAsync($"{result.Field}: {result.Problem}. No account was created.");
            return Refused;
        }
        await stdout.WriteLineAsync($"Account {Accounts.NormaliseUserName(name)} created ({organisation.ToUpperInvariant()}, {Accounts.RoleName(role.Value)}).");
        return Done;
    }

    public static async Task<int> ListAsync(WaterlineDbContext db, TextWriter stdout, CancellationToken ct)
    {
        var result = await new ListAccounts.Handler(db).HandleAsync(new ListAccounts.Request(Reader.System), ct);
        foreach (var a in result.Accounts)
        {
            var state = a.Disabled ? "disabled" : a.LockoutEnd is { } end && end > TimeProvider.System.GetUtcNow().UtcDateTime ? "locked" : "active";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{a.UserName,-28} {a.Organisation,-15} {Accounts.RoleName(a.Role),-17} {state,-8} {a.DisplayName}"));
        }
        await stdout.WriteLineAsync($"{result.Accounts.Count} account(s).");
        return Done;
    }

    /// <summary>The first line of standard input; typed at a terminal, without echo.</summary>
    public static async Task<string?> ReadPasswordAsync(TextReader input, CancellationToken ct)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return await input.ReadLineAsync(ct);
        }
        await Console.Error.WriteAsync("Password: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
                continue;
            }
            typed.Append(key.KeyChar);
        }
        await Console.Error.WriteLineAsync();
        return typed.ToString();
    }
}
