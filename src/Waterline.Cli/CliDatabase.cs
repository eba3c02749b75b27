using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Waterline.Storage;

namespace Waterline.Cli;

/// <summary>The database the CLI works on: the same settings as the web app (environment variables
/// ConnectionStrings__Waterline and Database__Provider), or --connection; by default the repository's
/// embedded SQLite file data/waterline.db, so the CLI and the web app share it.</summary>
internal static class CliDatabase
{
    public static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Connection string (PostgreSQL 'Host=...' or SQLite 'Data Source=...'); default: the app's embedded SQLite file.",
        Recursive = true,
    };

    public static DatabaseSettings Settings(ParseResult parse)
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        var connection = parse.GetValue(ConnectionOption);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            builder.AddInMemoryCollection([new("ConnectionStrings:Waterline", connection)]);
        }
        var configuration = builder.Build();
        return DatabaseSettings.From(configuration,
            DatabaseSettings.DefaultSqlitePath(Directory.GetCurrentDirectory(), configuration["Database:SqlitePath"]));
    }

    /// <summary>Opens the database, bringing it to the current schema first.</summary>
    public static async Task<WaterlineDbContext> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        // The operator at the server's console acts as the application itself.
        var db = Settings(parse).CreateContext().ActAsSystem();
        await DatabaseInitialiser.InitialiseAsync(db, Logger, ct);
        return db;
    }

    public static ILogger Logger { get; } = LoggerFactory
        .Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information))
        .CreateLogger("waterline");
}

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema and load the reference data (gazetteer, organisations).");
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            Console.WriteLine($"Database ready ({db.Provider}).");
            return 0;
        });
        return command;
    }
}
