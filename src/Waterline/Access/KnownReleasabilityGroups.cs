namespace Waterline.Access;

/// <summary>The standing releasability groups Waterline starts with; administrators can add others.
/// A group names organisations, never people: people see through their organisation's membership.</summary>
public static class KnownReleasabilityGroups
{
    public sealed record Group(string Name, string Description, string[] Members);

    public static IReadOnlyList<Group> All { get; } =
    [
        new("BE-LAW-ENFORCEMENT", "Belgian police, customs and prosecution",
            ["BE-FEDPOL", "BE-LOCPOL", "BE-CUSTOMS", "BE-PROSECUTION"]),
        new("NL-LAW-ENFORCEMENT", "Dutch police, customs, FIOD and the HARC team",
            ["NL-POLITIE", "NL-HARC", "NL-DOUANE", "NL-FIOD"]),
        new("BENELUX-PORTS", "Port partners of Antwerp and Rotterdam under the Benelux Police Treaty",
            ["BE-CUSTOMS", "BE-FEDPOL", "NL-HARC", "NL-DOUANE", "NL-POLITIE"]),
        new("BE-ADMINISTRATIVE", "The ARIEC centres with the police and the Drugs Commissioner (administrative approach)",
            ["BE-ARIEC-ANT", "BE-FEDPOL", "BE-LOCPOL", "BE-PROSECUTION", "BE-DRUGSCOM"]),
        new("PUBLIC-HEALTH", "Early-warning and monitoring bodies",
            ["BE-SCIENSANO", "NL-TRIMBOS", "EU-EUDA", "BE-DRUGSCOM"]),
    ];
}
