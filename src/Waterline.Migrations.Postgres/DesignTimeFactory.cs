using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Waterline.Storage;

namespace Waterline.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the context without the web app or a running database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PostgresWaterlineDbContext>
{
    public PostgresWaterlineDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresWaterlineDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design_time", o => o.MigrationsAssembly(DatabaseSettings.PostgresMigrationsAssembly))
            .Options;
        return new PostgresWaterlineDbContext(options);
    }
}
