using System.Text;
using Microsoft.EntityFrameworkCore;
using Waterline.Access;
using Waterline.Audit;
using Waterline.Geography;
using Waterline.Intake;
using Waterline.Observations;
using Waterline.Picture;

namespace Waterline.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The model, shared by both providers. Each provider has a sealed subclass so that it can
/// carry its own migrations (SQLite and PostgreSQL column types differ).</summary>
public abstract class WaterlineDbContext(DbContextOptions options) : DbContext(options)
{
    public abstract DatabaseProvider Provider { get; }

    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<Seizure> Seizures => Set<Seizure>();
    public DbSet<ProductionSite> ProductionSites => Set<ProductionSite>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportRejection> ImportRejections => Set<ImportRejection>();
    public DbSet<PictureCell> PictureCells => Set<PictureCell>();
    public DbSet<Marking> Markings => Set<Marking>();
    public DbSet<ReleasabilitySet> ReleasabilitySets => Set<ReleasabilitySet>();
    public DbSet<Subject> Subjects => Set<Subject>();

    /// <summary>Whose reads this context serves; null until <see cref="ActAsAsync"/> or <see cref="ActAsSystem"/>. A context
    /// that acts for nobody sees no observation and no picture cell: access fails closed.</summary>
    public Reader? Reader { get; private set; }
    /// <summary>Read by the query filters: true only for <see cref="Access.Reader.System"/>.</summary>
    public bool ReadsEverything { get; private set; }
    /// <summary>Read by the query filters: the markings <see cref="Reader"/> may read (AccessPolicy.CanRead).</summary>
    public IReadOnlyCollection<int> ReadableMarkings { get; private set; } = [];

    /// <summary>Serves the application itself (seeding, CLI run by an operator on the server, background upkeep).</summary>
    public WaterlineDbContext ActAsSystem()
    {
        Reader = Access.Reader.System;
        ReadsEverything = true;
        ReadableMarkings = [];
        return this;
    }

    /// <summary>Serves <paramref name="reader"/>: evaluates the access policy over the markings once, in the database.
    /// Call again after markings changed within the same context (forwarding).</summary>
    public async Task<WaterlineDbContext> ActAsAsync(Reader reader, CancellationToken ct)
    {
        if (reader.IsSystem)
        {
            return ActAsSystem();
        }
        Reader = reader;
        ReadsEverything = false;
        ReadableMarkings = await Markings.AsNoTracking().Where(AccessPolicy.CanRead(reader)).Select(m => m.Id).ToArrayAsync(ct);
        return this;
    }

    // Every context, however it is built, refuses to change audit entries (LED art. 25: the log is append-only).
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(AuditEntryGuard.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable text: the database stays legible to analysts and to other tools.
        foreach (var enumType in typeof(Observation).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic))
        {
            configurationBuilder.Properties(enumType).HaveConversion<string>().HaveMaxLength(40);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Observation>(e =>
        {
            e.ToTable("observations");
            e.HasDiscriminator(o => o.Kind)
                .HasValue<Seizure>(ObservationKind.Seizure)
                .HasValue<ProductionSite>(ObservationKind.ProductionSite)
                .HasValue<DumpingSite>(ObservationKind.DumpingSite)
                .HasValue<ChemicalOrderReport>(ObservationKind.ChemicalOrderReport)
                .HasValue<PartnerSignal>(ObservationKind.PartnerSignal)
                .HasValue<ViolenceIncident>(ObservationKind.ViolenceIncident)
                .HasValue<LabFinding>(ObservationKind.LabFinding)
                .HasValue<WastewaterMeasurement>(ObservationKind.WastewaterMeasurement)
                .HasValue<InvestigationReport>(ObservationKind.InvestigationReport);
            e.Property(o => o.Country).HasMaxLength(2);
            e.Property(o => o.RegionCode).HasMaxLength(12);
            e.Property(o => o.MunicipalityCode).HasMaxLength(12);
            e.Property(o => o.SourceOrganisation).HasMaxLength(40);
            e.Property(o => o.ExternalId).HasMaxLength(100);
            e.HasIndex(o => new { o.SourceOrganisation, o.ExternalId }).IsUnique();
            e.Ignore(o => o.ReleasableTo);
            // No foreign key on marking_id: a per-row referential check cost a third of PostgreSQL's COPY throughput
            // (docs/benchmarks.md). ObservationWriter alone writes it, from markings it made in the same transaction.
            // The access policy, applied in every query (AccessPolicy).
            e.HasQueryFilter(o => ReadsEverything || ReadableMarkings.Contains(o.MarkingId));
        });
        modelBuilder.Entity<Seizure>(e =>
        {
            e.Property(s => s.Port).HasMaxLength(5);
            e.Property(s => s.OriginCountry).HasMaxLength(2);
            e.Property(s => s.DestinationCountry).HasMaxLength(2);
        });
        modelBuilder.Entity<InvestigationReport>(e => e.Property(r => r.CaseReference).HasMaxLength(60));

        modelBuilder.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
            e.HasKey(o => o.Code);
            e.Property(o => o.Code).HasMaxLength(40);
            e.Property(o => o.Country).HasMaxLength(2);
        });

        modelBuilder.Entity<Place>(e =>
        {
            e.ToTable("places");
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(12);
            e.Property(p => p.Country).HasMaxLength(2);
            e.Property(p => p.ParentCode).HasMaxLength(12);
            e.Property(p => p.ProvinceCode).HasMaxLength(12);
        });

        modelBuilder.Entity<ImportBatch>(e =>
        {
            e.ToTable("import_batches");
            e.HasMany(b => b.Rejections).WithOne().HasForeignKey(r => r.ImportBatchId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ImportRejection>(e => e.ToTable("import_rejections"));

        modelBuilder.Entity<PictureCell>(e =>
        {
            e.ToTable("picture_cells");
            e.HasKey(c => new { c.Kind, c.Market, c.Echelon, c.Country, c.RegionCode, c.Month, c.SourceOrganisation, c.MarkingId });
            e.HasQueryFilter(c => ReadsEverything || ReadableMarkings.Contains(c.MarkingId));
            e.Property(c => c.Country).HasMaxLength(2);
            e.Property(c => c.RegionCode).HasMaxLength(12);
            e.Property(c => c.SourceOrganisation).HasMaxLength(40);
            // No index beyond the key: the dashboard reads the whole table into its cube, and every index slows the
            // upsert at the end of each import.
        });
        // Subjects are exactly as visible as their observation (same marking).
        modelBuilder.Entity<Subject>(e => e.HasQueryFilter(s => ReadsEverything || ReadableMarkings.Contains(s.MarkingId)));
        // Relations are exactly as visible as their observation too (same marking).
        modelBuilder.Entity<Networks.SubjectRelation>(e => e.HasQueryFilter(r => ReadsEverything || ReadableMarkings.Contains(r.MarkingId)));
        // Interventions are read through the same policy as observations (their own marking).
        modelBuilder.Entity<Displacement.Intervention>(e => e.HasQueryFilter(i => ReadsEverything || ReadableMarkings.Contains(i.MarkingId)));

        // Modules keep their own entity configurations (IEntityTypeConfiguration) beside their entities.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WaterlineDbContext).Assembly);

        // snake_case names: the same SQL reads naturally on both providers and in the bulk writers.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}

public sealed class SqliteWaterlineDbContext(DbContextOptions<SqliteWaterlineDbContext> options) : WaterlineDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresWaterlineDbContext(DbContextOptions<PostgresWaterlineDbContext> options) : WaterlineDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
