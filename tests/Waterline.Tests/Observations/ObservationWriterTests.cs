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
        await WriteAndCommitAsync(test, [Seizure("a", 100, 3), Seizure("b", 250.5, 3), Seizure("c", 10, 4)], [new ViolenceIncident
        {
            Country = "BE", RegionCode = "04000", SourceOrganisation = "BE-LOCPOL", ExternalId = "v1", Market = Market.Cocaine,
            Echelon = Echelon.Retail, OccurredAt = new DateTime(2023, 3, 9, 22, 15, 0, DateTimeKind.Utc),
            RecordedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), IncidentType = IncidentType.Shooting, Casualties = 1,
        }]);

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
        await AssertNothingStoredAsync(test);
    }

    private static async Task WriteAndCommitAsync(TestDatabase test, params IReadOnlyList<Observation>[] batches)
    {
        await using var db = test.NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        await using var writer = ObservationWriter.Begin(db);
        foreach (var batch in batches)
        {
            await writer.WriteAsync(batch, CancellationToken.None);
        }
        await writer.CompleteAsync(CancellationToken.None);
        await tx.CommitAsync();
    }

    private static async Task AssertNothingStoredAsync(TestDatabase test)
    {
        await using var read = test.NewContext();
        Assert.Equal(0, await read.Observations.CountAsync());
        Assert.Equal(0, await read.PictureCells.CountAsync());
    }

    private static T Last<T>() where T : struct, Enum => Enum.GetValues<T>()[^1];

    /// <summary>One observation of every kind with every column it has set, in values that test the encoding: non-ASCII
    /// text, fractional doubles, a time to the microsecond (PostgreSQL keeps microseconds), the last member of every enum.</summary>
    private static List<Observation> EveryKind()
    {
        var at = new DateTime(2023, 7, 14, 21, 5, 9, DateTimeKind.Utc).AddTicks(1_234_560);
        T Base<T>(T o, string id) where T : Observation
        {
            o.Market = Last<Market>();
            o.Echelon = Last<Echelon>();
            o.OccurredAt = at;
            o.ReportedAt = at.AddDays(1);
            o.RecordedAt = at.AddDays(2);
            o.RegionCode = "20002";
            o.MunicipalityCode = "62063";
            o.Latitude = 50.645_138_9;
            o.Longitude = 5.573_428_1;
            o.Handling = Last<HandlingCode>();
            o.Tlp = Tlp.Green;
            o.SourceGrade = Last<SourceGrade>();
            o.InformationGrade = Last<InformationGrade>();
            o.LegalRegime = Last<LegalRegime>();
            o.Notes = "Liège: « café » – ½ kg, 𝄞 " + id;
            o.ImportBatchId = 42;
            return o;
        }
        return
        [
            Base(new Seizure
            {
                Country = "BE", SourceOrganisation = "BE-CUSTOMS", ExternalId = "s-é", Substance = "cocaïne", Quantity = 1.25,
                Unit = QuantityUnit.Gram, QuantityKg = 0.001_25, Purity = 83.4, Port = "BEANR", TransportMode = Last<TransportMode>(),
                Concealment = "in bananen", OriginCountry = "EC", DestinationCountry = "NL",
            }, "seizure"),
            Base(new ProductionSite { Country = "BE", SourceOrganisation = "BE-FEDPOL", ExternalId = "p", SiteType = Last<SiteType>(), PlantCount = 1_250, Substance = "MDMA" }, "site"),
            Base(new DumpingSite { Country = "NL", SourceOrganisation = "NL-POLITIE", ExternalId = "d", Substance = "BMK-afval", Quantity = 200.5, Unit = QuantityUnit.Litre }, "dump"),
            Base(new ChemicalOrderReport
            {
                Country = "BE", SourceOrganisation = "BE-FAMHP", ExternalId = "c", Chemical = "α-phenylacetoacetonitril", Category = "1",
                Quantity = 25, Unit = QuantityUnit.Kilogram, Channel = Last<ReportChannel>(),
            }, "chemical"),
            Base(new PartnerSignal { Country = "BE", SourceOrganisation = "BE-GRID", ExternalId = "g", SignalType = Last<PartnerSignalType>() }, "signal"),
            Base(new ViolenceIncident { Country = "BE", SourceOrganisation = "BE-LOCPOL", ExternalId = "v", IncidentType = Last<IncidentType>(), Casualties = 2 }, "violence"),
            Base(new LabFinding
            {
                Country = "NL", SourceOrganisation = "NL-TRIMBOS", ExternalId = "l", Substance = "3-MMC", Confirmation = Last<Confirmation>(),
                SampleForm = Last<SampleForm>(), Purity = 99.9,
            }, "lab"),
            Base(new WastewaterMeasurement { Country = "BE", SourceOrganisation = "BE-SCIENSANO", ExternalId = "w", Substance = "benzoylecgonine", Load = 712.25 }, "water"),
            Base(new InvestigationReport { Country = "BE", SourceOrganisation = "BE-FEDPOL", ExternalId = "i", Method = Last<InvestigationMethod>(), CaseReference = "AN.12.F1.2024/ß" }, "report"),
        ];
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_column_of_every_kind_reads_back_through_EF_as_the_bulk_path_wrote_it(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var written = EveryKind();
        // One kind per writer: each COPY or insert then carries only the columns its kind is declared to fill, so a column
        // left out of a kind by mistake reads back NULL here.
        foreach (var o in written)
        {
            await WriteAndCommitAsync(test, [o]);
        }

        await using var read = test.NewContext();
        var stored = await read.Observations.AsNoTracking().ToDictionaryAsync(o => o.ExternalId);
        Assert.Equal(written.Count, stored.Count);
        foreach (var o in written)
        {
            var back = stored[o.ExternalId];
            Assert.Equal(o.GetType(), back.GetType());
            // Every column the bulk writers write, compared as the writers encode it from the object.
            foreach (var column in ObservationColumns.All)
            {
                var (wrote, readBack) = (RecordedValue.Of(column, o), RecordedValue.Of(column, back));
                Assert.True(Equals(wrote, readBack), $"{o.Kind}.{column.Name}: wrote {wrote ?? "null"}, read back {readBack ?? "null"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batches_streamed_into_one_open_copy_are_stored_and_a_pause_frees_the_connection_between_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var writer = ObservationWriter.Begin(db);
            await writer.StreamAsync([Seizure("a", 1, 1), Seizure("b", 2, 1)], CancellationToken.None);
            await writer.StreamAsync([Seizure("c", 3, 2)], CancellationToken.None);
            await writer.PauseAsync(CancellationToken.None);
            // The connection is free again, and what was streamed is visible inside the transaction.
            Assert.Equal(3, await db.Observations.CountAsync());
            await writer.StreamAsync([Seizure("d", 4, 2)], CancellationToken.None);
            // A kind with columns the open COPY lacks: the writer starts another COPY that has them.
            await writer.StreamAsync([new ViolenceIncident
            {
                Country = "BE", SourceOrganisation = "BE-LOCPOL", ExternalId = "e", Market = Market.Cocaine, Echelon = Echelon.Retail,
                OccurredAt = new DateTime(2023, 2, 9, 0, 0, 0, DateTimeKind.Utc), IncidentType = IncidentType.Explosion, Casualties = 3,
            }], CancellationToken.None);
            await writer.StreamAsync([Seizure("f", 5, 2)], CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }
        await using var read = test.NewContext();
        Assert.Equal(["a", "b", "c", "d", "e", "f"], await read.Observations.OrderBy(o => o.ExternalId).Select(o => o.ExternalId).ToListAsync());
        Assert.Equal(15, await read.PictureCells.SumAsync(c => c.QuantityKg), 9);
        var explosion = await read.Observations.OfType<ViolenceIncident>().SingleAsync();
        Assert.Equal((IncidentType.Explosion, 3), (explosion.IncidentType, explosion.Casualties));
        Assert.Equal(TransportMode.SeaContainer, (await read.Seizures.SingleAsync(s => s.ExternalId == "f")).TransportMode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_writer_given_up_mid_stream_lets_the_transaction_roll_back_and_keeps_nothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var writer = ObservationWriter.Begin(db))
            {
                await writer.StreamAsync([Seizure("a", 1, 1)], CancellationToken.None);
                // No CompleteAsync: disposing the writer cancels its open COPY (as when an import fails).
            }
            await tx.RollbackAsync();
            // The connection is usable after the cancelled COPY.
            Assert.Equal(0, await db.Observations.CountAsync());
        }
        await AssertNothingStoredAsync(test);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_row_the_database_refuses_fails_the_write_with_the_databases_error_and_nothing_is_kept(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var writer = ObservationWriter.Begin(db);
            // The same (source, external id) twice: the unique index refuses the second (callers de-duplicate first).
            var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () =>
            {
                await writer.StreamAsync([Seizure("a", 1, 1), Seizure("b", 1, 1)], CancellationToken.None);
                await writer.StreamAsync([Seizure("a", 2, 1)], CancellationToken.None);
                await writer.CompleteAsync(CancellationToken.None);
            });
            Assert.Contains("unique", e.Message, StringComparison.OrdinalIgnoreCase);
            await tx.RollbackAsync();
        }
        await AssertNothingStoredAsync(test);
    }

    [Fact]
    public async Task Two_transactions_adding_to_the_same_new_cells_at_once_both_count_on_PostgreSQL()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // The marking exists beforehand: two transactions making the same new marking would queue on its unique key already.
        await WriteAndCommitAsync(test, [Seizure("earlier", 1, 1)]);
        await using var first = test.NewContext();
        await using var second = test.NewContext();
        await using var tx1 = await first.Database.BeginTransactionAsync();
        await using var tx2 = await second.Database.BeginTransactionAsync();
        await using var w1 = ObservationWriter.Begin(first);
        await using var w2 = ObservationWriter.Begin(second);
        // Same source, market, place, month and marking: the same new cell in both transactions.
        await w1.WriteAsync([Seizure("a", 1, 5)], CancellationToken.None);
        await w2.WriteAsync([Seizure("b", 2, 5)], CancellationToken.None);
        await w1.CompleteAsync(CancellationToken.None);
        // The second waits for the first's picture_state lock, then merges into the cell the first made.
        var secondCompletes = w2.CompleteAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(secondCompletes.IsCompleted);
        await tx1.CommitAsync();
        await secondCompletes;
        await tx2.CommitAsync();

        await using var read = test.NewContext();
        var cell = await read.PictureCells.SingleAsync(c => c.Month == 202305);
        Assert.Equal((2, 3.0), (cell.Observations, cell.QuantityKg));
    }

    /// <summary>The one value a column writes for an observation, as the bulk writers receive it.</summary>
    private sealed class RecordedValue : IRowWriter
    {
        private object? _value;

        public static object? Of(ObservationColumns.Column column, Observation o)
        {
            var recorder = new RecordedValue();
            column.Write(recorder, o);
            return recorder._value;
        }

        public void Null() => _value = null;
        public void Text(string value) => _value = value;
        public void Int32(int value) => _value = value;
        public void Int64(long value) => _value = value;
        public void Float8(double value) => _value = value;
        // Ticks only: SQLite reads times back without their kind.
        public void TimestampTz(DateTime value, string column) => _value = value.Ticks;
    }
}
