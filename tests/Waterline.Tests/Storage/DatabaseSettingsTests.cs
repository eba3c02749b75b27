using Microsoft.Extensions.Configuration;
using Waterline.Storage;

namespace Waterline.Tests.Storage;

public sealed class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void With_nothing_configured_the_app_uses_an_embedded_SQLite_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wl-{Guid.NewGuid():N}", "waterline.db");
        var settings = DatabaseSettings.From(Config(), path);
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal($"Data Source={path}", settings.ConnectionString);
        Assert.True(Directory.Exists(Path.GetDirectoryName(path)));
        Directory.Delete(Path.GetDirectoryName(path)!);
    }

    [Fact]
    public void A_PostgreSQL_connection_string_alone_switches_to_PostgreSQL()
    {
        var settings = DatabaseSettings.From(Config(("ConnectionStrings:Waterline", "Host=db;Username=u;Password=p;Database=w")), "unused.db");
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_its_name()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.From(Config(("Database:Provider", "oracle")), "unused.db"));
        Assert.Contains("oracle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_file_lies_under_the_repository_root_data_folder()
    {
        // The test binary runs from tests/Waterline.Tests/bin/...; the repository root holds Waterline.slnx.
        var path = DatabaseSettings.DefaultSqlitePath(AppContext.BaseDirectory, null);
        var root = Path.GetDirectoryName(Path.GetDirectoryName(path))!;
        Assert.True(File.Exists(Path.Combine(root, "Waterline.slnx")), path);
        Assert.Equal(Path.Combine("data", "waterline.db"), Path.GetRelativePath(root, path));
    }
}
