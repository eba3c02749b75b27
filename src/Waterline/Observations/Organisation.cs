namespace Waterline.Observations;

/// <summary>An organisation that contributes observations (police, customs, FAMHP, partners...).</summary>
public sealed class Organisation
{
    /// <summary>Short stable code used in imports, e.g. BE-CUSTOMS.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }
    public OrganisationKind Kind { get; set; }
}
