using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waterline.Access;

namespace Waterline.Observations;

/// <summary>Someone or something an observation names: a person, company, address, vehicle, phone, vessel or account.
/// Persons and what ties to a person (phones, vehicles, addresses, accounts) are personal data: reading them needs a
/// stated purpose and is logged (LED art. 25). A subject is as visible as its observation: it carries the same marking.</summary>
public sealed class Subject
{
    public long Id { get; set; }
    public long ObservationId { get; set; }
    /// <summary>Always the marking of <see cref="ObservationId"/>'s observation (copied, so the access filter needs no join).</summary>
    public int MarkingId { get; set; }
    public SubjectKind Kind { get; set; }
    public SubjectRole Role { get; set; }
    /// <summary>Person or company name as the source wrote it.</summary>
    public string? Name { get; set; }
    public DateOnly? BirthDate { get; set; }
    /// <summary>Phone number, licence plate, IBAN, company number (KBO/KvK), vessel IMO... depending on the kind.</summary>
    public string? Identifier { get; set; }
    public string? Address { get; set; }
    /// <summary>ISO 3166-1 alpha-2 of the identifier or address.</summary>
    public string? Country { get; set; }

    public bool IsPersonalData => IsPersonal(Kind);

    /// <summary>Companies and vessels are not personal data as such; the rest identifies or ties to a natural person.</summary>
    public static bool IsPersonal(SubjectKind kind) => kind is not (SubjectKind.Company or SubjectKind.Vessel);
}

public enum SubjectKind
{
    Person,
    Company,
    Address,
    Vehicle,
    Phone,
    Vessel,
    BankAccount,
}

/// <summary>LED art. 6 categories of data subjects.</summary>
public enum SubjectRole
{
    Suspect,
    Convicted,
    Victim,
    Witness,
    Other,
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> e)
    {
        e.ToTable("subjects");
        e.Property(s => s.Name).HasMaxLength(200);
        e.Property(s => s.Identifier).HasMaxLength(100);
        e.Property(s => s.Address).HasMaxLength(300);
        e.Property(s => s.Country).HasMaxLength(2);
        e.Ignore(s => s.IsPersonalData);
        e.HasOne<Observation>().WithMany().HasForeignKey(s => s.ObservationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Marking>().WithMany().HasForeignKey(s => s.MarkingId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(s => s.ObservationId);
    }
}
