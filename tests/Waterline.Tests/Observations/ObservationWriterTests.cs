using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Tests.Observations;

public sealed class ObservationWriterTests
{
    private static Seizure Seizure(string id, double kg, int month) => new()
    {
        Country = "BE", RegionCode = "10000", MunicipalityCode = "11002", SourceOrganisation = "BE-CUSTOMS", ExternalId = id,
        Market = Market.Cocaine, Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(2023, month, 3, 0, 0, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), Quantity = kg, Unit = QuantityUnit.Kilogram, QuantityKg = kg,
        Port = "BEANR", TransportMode = TransportMode.SeaContainer, Tlp = Tlp.Amber, Handling = HandlingCode.H1,
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Written_observations_read_back_through_EF_and_the_cells_sum_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([Seizure("a", 100, 3), Seizure("b", 250.5, 3), Seizure("c", 10, 4)], CancellationToken.None);
            await writer.WriteAsync([new ViolenceIncident
            {
                Country = "BE", RegionCode = "04000", SourceOrganisation = "BE-LOCPOL", ExternalId = "v1", Market = Market.Cocaine,
                Echelon = Echelon.Retail, OccurredAt = new DateTime(2023, 3, 9, 22, 15, 0, DateTimeKind.Utc),
                RecordedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), IncidentType = IncidentType.Shooting, Casualties = 1,
            }], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var read = test.NewContext();
        var seizures = await read.Seizures.OrderBy(s => s.ExternalId).ToListAsync();
        Assert.Equal(["a", "b", "c"], seizures.Select(s => s.ExternalId));
        Assert.Equal(250.5, seizures[1].QuantityKg);
        Assert.Equal(TransportMode.SeaContainer, seizures[1].TransportMode);
        Assert.Equal(new DateTime(2023, 3, 3, 0, 0, 0, DateTimeKind.Utc), seizures[0].OccurredAt);
        var shooting = Assert.Single(await read.Observations.OfType<ViolenceIncident>().ToListAsync());
        Assert.Equal(IncidentType.Shooting, shooting.IncidentType);

        var march = await read.PictureCells.SingleAsync(c => c.Kind == ObservationKind.Seizure && c.Month == 202303);
        Assert.Equal(2, march.Observations);
        Assert.Equal(350.5, march.QuantityKg, 9);
        Assert.Equal(4, await read.PictureCells.SumAsync(c => c.Observations));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_write_leaves_neither_observations_nor_cells(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var writer = ObservationWriter.Begin(db);
            await writer.WriteAsync([Seizure("a", 1, 1)], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.RollbackAsync();
        }
        await using var read = test.NewContext();
        Assert.Equal(0, await read.Observations.CountAsync());
        Assert.Equal(0, await read.PictureCells.CountAsync());
    }
}
