namespace Waterline.Observations;

/// <summary>The organisations Waterline starts with. Codes are what imports name in source_organisation.</summary>
public static class KnownOrganisations
{
    public static IReadOnlyList<Organisation> All { get; } =
    [
        new() { Code = "BE-FEDPOL", Name = "Federal Judicial Police (DJSOC Drugs)", Country = "BE", Kind = OrganisationKind.Police },
        new() { Code = "BE-LOCPOL", Name = "Local police zones", Country = "BE", Kind = OrganisationKind.Police },
        new() { Code = "BE-CUSTOMS", Name = "General Administration of Customs and Excise (AAD&A)", Country = "BE", Kind = OrganisationKind.Customs },
        new() { Code = "BE-FAMHP", Name = "FAMHP Central Precursor Office", Country = "BE", Kind = OrganisationKind.Famhp },
        new() { Code = "BE-PROSECUTION", Name = "Public Prosecution Service", Country = "BE", Kind = OrganisationKind.Prosecution },
        new() { Code = "BE-ARIEC-ANT", Name = "ARIEC Antwerp", Country = "BE", Kind = OrganisationKind.Ariec },
        new() { Code = "BE-DRUGSCOM", Name = "National Drugs Commissioner", Country = "BE", Kind = OrganisationKind.DrugsCommissioner },
        new() { Code = "BE-SCIENSANO", Name = "Sciensano (Belgian early warning system)", Country = "BE", Kind = OrganisationKind.Health },
        new() { Code = "BE-GRID", Name = "Electricity grid operator (partner)", Country = "BE", Kind = OrganisationKind.PrivatePartner },
        new() { Code = "BE-TIPS", Name = "Anonymous citizen tips (police tip line)", Country = "BE", Kind = OrganisationKind.Police },
        new() { Code = "BE-NICC", Name = "National Institute of Criminalistics and Criminology", Country = "BE", Kind = OrganisationKind.Research },
        new() { Code = "NL-POLITIE", Name = "Politie Nederland", Country = "NL", Kind = OrganisationKind.DutchPolice },
        new() { Code = "NL-HARC", Name = "Hit and Run Cargo team (Douane, FIOD, Zeehavenpolitie, OM)", Country = "NL", Kind = OrganisationKind.Customs },
        new() { Code = "NL-DOUANE", Name = "Douane Nederland", Country = "NL", Kind = OrganisationKind.Customs },
        new() { Code = "NL-FIOD", Name = "FIOD", Country = "NL", Kind = OrganisationKind.Police },
        new() { Code = "NL-TRIMBOS", Name = "Trimbos Institute (DIMS)", Country = "NL", Kind = OrganisationKind.Health },
        new() { Code = "NL-GRID", Name = "Grid operator (partner)", Country = "NL", Kind = OrganisationKind.PrivatePartner },
        new() { Code = "EU-EUDA", Name = "European Union Drugs Agency (wastewater monitoring)", Country = "PT", Kind = OrganisationKind.Research },
    ];
}
