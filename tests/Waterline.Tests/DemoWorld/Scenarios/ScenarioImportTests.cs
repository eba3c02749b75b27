using Microsoft.EntityFrameworkCore;
using Waterline.DemoWorld.Scenarios;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.DemoWorld.Scenarios;

/// <summary>The simulator's observations.csv goes through the real intake use case, on both providers.</summary>
public sealed class ScenarioImportTests
{
    public static TheoryData<DatabaseProvider, string> Cases => new()
    {
        { DatabaseProvider.Sqlite, "waterbed-port-crackdown" },
        { DatabaseProvider.Postgres, "waterbed-port-crackdown" },
        { DatabaseProvider.Sqlite, "synthetic-production-expansion" },
        { DatabaseProvider.Postgres, "synthetic-production-expansion" },
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task The_observations_import_cleanly_their_counts_per_area_and_period_equal_the_series_and_a_second_import_adds_nothing(
        DatabaseProvider provider, string name)
    {
        var scenario = ScenarioFile.Load(name);
        var world = ScenarioSimulator.Simulate(scenario, 3);
        var csv = ScenarioOutput.ObservationsCsv(world);
        Assert.True(IntakeFields.TryParseKind(scenario.Observation.Kind, out var kind));
        await using var test = await TestDatabase.CreateAsync(provider);

        var first = await ImportAsync(test, kind, csv);
        Assert.Null(first.FileError);
        Assert.Empty(first.Rejections);
        var detections = world.Histories.Sum(a => a.Sum(h => Enumerable.Range(1, h.Length - 1).Sum(i => h[i] * System.Numerics.BitOperations.PopCount((uint)i))));
        Assert.Equal((detections, detections, 0), (first.RowsRead, first.Accepted, first.AlreadyPresent));

        await using (var db = test.NewContext())
        {
            var police = scenario.EffortSource;
            var rows = kind == ObservationKind.Seizure
                ? await db.Seizures.Select(s => new { s.Country, s.SourceOrganisation, s.OccurredAt, s.Port }).ToListAsync()
                : await db.Observations.Select(s => new { s.Country, s.SourceOrganisation, s.OccurredAt, Port = (string?)null }).ToListAsync();
            for (var a = 0; a < world.Areas.Length; a++)
            {
                var place = scenario.Areas[a].Place;
                for (var p = 0; p < world.Periods.Length; p++)
                {
                    var period = world.Periods[p];
                    var count = rows.Count(r => r.Country == place.Country && r.SourceOrganisation == police.Organisations[place.Country]
                        && r.Port == place.Port && r.OccurredAt.Year == period.Year && (period.Month is null || r.OccurredAt.Month == period.Month));
                    Assert.True(world.Observed[a][p] == count, $"{world.Areas[a]} {period}: series {world.Observed[a][p]}, imported {count}");
                }
            }
        }

        var second = await ImportAsync(test, kind, csv);
        Assert.Equal((detections, 0, detections), (second.RowsRead, second.Accepted, second.AlreadyPresent));
        await using (var db = test.NewContext())
            Assert.Equal(detections, await db.Observations.CountAsync());
    }

    private static async Task<ImportObservations.Result> ImportAsync(TestDatabase test, ObservationKind kind, string csv)
    {
        await using var db = test.NewContext();
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return await new ImportObservations.Handler(db, TimeProvider.System)
            .HandleAsync(new ImportObservations.Request(kind, stream, ImportFormat.Csv, "observations.csv"), CancellationToken.None);
    }
}
