using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Picture;

namespace Waterline.Storage;

/// <summary>Where the data lives: one setting switches between the embedded SQLite file (default)
/// and PostgreSQL. <c>Database:Provider</c> = sqlite | postgres; <c>ConnectionStrings:Waterline</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "Waterline.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Waterline.Migrations.Postgres";

    /// <summary>Reads the settings; with nothing configured, an SQLite file at <paramref name="defaultSqlitePath"/>.
    /// A connection string that looks like PostgreSQL's (Host=...) selects PostgreSQL on its own.</summary>
    public static DatabaseSettings From(IConfiguration configuration, string defaultSqlitePath)
    {
        var connection = configuration.GetConnectionString("Waterline");
        var providerName = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (!string.IsNullOrWhiteSpace(providerName))
        {
            provider = providerName.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
                _ => throw new InvalidOperationException(
                    $"Database:Provider '{providerName}' is not known; use 'sqlite' or 'postgres'."),
            };
        }
        else
        {
            provider = connection is not null && connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? DatabaseProvider.Postgres
                : DatabaseProvider.Sqlite;
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:Waterline is empty.");
            }
            var full = Path.GetFullPath(defaultSqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            connection = $"Data Source={full}";
        }
        return new DatabaseSettings(provider, connection);
    }

    /// <summary>The embedded database file: <c>data/waterline.db</c> under the repository root (the folder
    /// holding Waterline.slnx above <paramref name="startDirectory"/>), else under the start directory.
    /// An absolute <paramref name="configured"/> path wins.</summary>
    public static string DefaultSqlitePath(string startDirectory, string? configured)
    {
        var relative = string.IsNullOrWhiteSpace(configured) ? Path.Combine("data", "waterline.db") : configured;
        if (Path.IsPathRooted(relative))
        {
            return relative;
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Waterline.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        return Path.Combine(startDirectory, relative);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
        }
        else
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
    }

    /// <summary>A new context on its own (for the CLI, tests and background work).</summary>
    public WaterlineDbContext CreateContext()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var b = new DbContextOptionsBuilder<SqliteWaterlineDbContext>();
            Configure(b);
            return new SqliteWaterlineDbContext(b.Options);
        }
        var p = new DbContextOptionsBuilder<PostgresWaterlineDbContext>();
        Configure(p);
        return new PostgresWaterlineDbContext(p.Options);
    }
}

public static class DataRegistration
{
    public static IServiceCollection AddWaterlineData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // One cube of picture_cells per process and database; refreshed by generation, not by time.
        services.AddSingleton<PictureCubeCache>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<SqliteWaterlineDbContext>(settings.Configure);
            services.AddScoped<WaterlineDbContext>(sp => sp.GetRequiredService<SqliteWaterlineDbContext>());
        }
        else
        {
            services.AddDbContext<PostgresWaterlineDbContext>(settings.Configure);
            services.AddScoped<WaterlineDbContext>(sp => sp.GetRequiredService<PostgresWaterlineDbContext>());
        }
        return services;
    }
}
