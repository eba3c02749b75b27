using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Waterline.DemoWorld;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.DemoWorld;

public sealed class SeedDemoWorldTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_writes_the_generated_world_and_the_picture_cells_sum_it(DatabaseProvider provider)
    {
        var request = new GenerateDemoWorld.Request(42, 0.05);
        // Planted truth: the generator's own stream for the same request.
        var generated = GenerateDemoWorld.Observations(request).ToList();
        await using var test = await TestDatabase.CreateAsync(provider);

        var reports = new List<DemoWorldProgress>();
        GenerateDemoWorld.Result result;
        await using (var db = test.NewContext())
        {
            result = await new GenerateDemoWorld.Handler(db).HandleAsync(request, new InlineProgress<DemoWorldProgress>(reports.Add), CancellationToken.None);
        }

        Assert.False(result.AlreadySeeded);
        Assert.Equal(generated.Count, result.Total);
        Assert.Equal(generated.Count, reports[^1].Written);
        Assert.Equal(reports.Select(r => r.Written).Order(), reports.Select(r => r.Written));
        foreach (var (kind, count) in result.CountsByKind)
        {
            Assert.Equal(generated.Count(o => o.Kind == kind), count);
        }

        await using var read = test.NewContext();
        var byKind = await read.Observations.GroupBy(o => o.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        foreach (var k in byKind)
        {
            Assert.Equal(generated.Count(o => o.Kind == k.Key), k.Count);
        }
        Assert.Equal(generated.Count, await read.PictureCells.SumAsync(c => c.Observations));
        Assert.Equal(generated.OfType<Seizure>().Sum(s => s.QuantityKg ?? 0), await read.PictureCells.SumAsync(c => c.QuantityKg), 3);
        Assert.Equal(generated.OfType<ProductionSite>().Sum(p => (long)(p.PlantCount ?? 0)), await read.PictureCells.SumAsync(c => c.Plants));
        Assert.Equal(generated.OfType<WastewaterMeasurement>().Sum(w => w.Load), await read.PictureCells.SumAsync(c => c.LoadSum), 6);
        // cocaine_seized_port, Antwerp port, 2023 = 116 t (reference/figures/cocaine_seizures.csv), read back from the database.
        var antwerp2023 = await read.Seizures.Where(s => s.Port == "BEANR" && s.OccurredAt >= new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc)
            && s.OccurredAt < new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)).SumAsync(s => s.QuantityKg);
        Assert.Equal(116_000, antwerp2023);

        await using (var again = test.NewContext())
        {
            var second = await new GenerateDemoWorld.Handler(again).HandleAsync(request, null, CancellationToken.None);
            Assert.True(second.AlreadySeeded);
            Assert.Equal(0, second.Total);
        }
        await using var after = test.NewContext();
        Assert.Equal(generated.Count, await after.Observations.CountAsync());
    }

    [Fact]
    public async Task The_web_app_seeds_the_demo_world_on_first_start_and_reuses_it_on_the_second()
    {
        var file = Path.Combine(Path.GetTempPath(), $"waterline-demo-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file};Pooling=false";
        try
        {
            // Planted truth: what the generator yields for the configured seed and scale, plus the demo network's
            // investigation reports (seeded beside the world, and out of the picture) and the dark-number scenario's reports.
            var expected = GenerateDemoWorld.Observations(new GenerateDemoWorld.Request(99, 0.05)).Count() + DemoNetwork.Draw(99).Reports.Count
                + DemoDarkNumber.Draw(99).Reports.Count;
            long firstMaxId;
            await using (var first = Start(connection))
            {
                await using var db = new DatabaseSettings(DatabaseProvider.Sqlite, connection).CreateContext().ActAsSystem();
                Assert.Equal(expected, await db.Observations.CountAsync());
                firstMaxId = await db.Observations.MaxAsync(o => o.Id);
            }
            await using (var second = Start(connection))
            {
                await using var db = new DatabaseSettings(DatabaseProvider.Sqlite, connection).CreateContext().ActAsSystem();
                Assert.Equal(expected, await db.Observations.CountAsync());
                Assert.Equal(firstMaxId, await db.Observations.MaxAsync(o => o.Id));
            }
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public async Task The_web_app_does_not_seed_when_the_demo_world_is_disabled()
    {
        var file = Path.Combine(Path.GetTempPath(), $"waterline-demo-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file};Pooling=false";
        try
        {
            await using var app = Start(connection, enabled: false);
            await using var db = new DatabaseSettings(DatabaseProvider.Sqlite, connection).CreateContext().ActAsSystem();
            Assert.Equal(0, await db.Observations.CountAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static WebApplicationFactory<Program> Start(string connection, bool enabled = true)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Waterline", connection)
            .UseSetting("DemoWorld:Enabled", enabled ? "true" : "false")
            .UseSetting("DemoWorld:Seed", "99")
            .UseSetting("DemoWorld:Scale", "0.05"));
        // Starting the host runs the start-up initialisation (migrations, gazetteer, demo world).
        _ = factory.Services;
        return factory;
    }
}
