using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Waterline.Storage;

namespace Waterline.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context without the web app or a running database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SqliteWaterlineDbContext>
{
    public SqliteWaterlineDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteWaterlineDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(DatabaseSettings.SqliteMigrationsAssembly))
            .Options;
        return new SqliteWaterlineDbContext(options);
    }
}
