using System.Text;
using Waterline.Observations;

namespace Waterline.Intake;

/// <summary>The columns each kind of observation accepts in an import (snake_case, the same in CSV and JSON),
/// and the kebab-case kind names used on the CLI and in API routes.</summary>
public static class IntakeFields
{
    public const string ExternalId = "external_id";
    public const string SourceOrganisation = "source_organisation";
    public const string Market = "market";
    public const string Echelon = "echelon";
    public const string OccurredAt = "occurred_at";
    public const string ReportedAt = "reported_at";
    public const string Country = "country";
    public const string Region = "region";
    public const string Municipality = "municipality";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string HandlingCode = "handling_code";
    public const string Tlp = "tlp";
    public const string SourceGrade = "source_grade";
    public const string InformationGrade = "information_grade";
    public const string LegalRegime = "legal_regime";
    public const string Notes = "notes";
    /// <summary>Organisation codes and releasability group names, separated by ';' (Access.AccessPolicy).</summary>
    public const string ReleasableTo = "releasable_to";

    /// <summary>Columns every kind has, in this order (the row reader relies on the positions).</summary>
    public static IReadOnlyList<string> Common { get; } =
    [
        ExternalId, SourceOrganisation, Market, Echelon, OccurredAt, ReportedAt, Country, Region, Municipality,
        Latitude, Longitude, HandlingCode, Tlp, SourceGrade, InformationGrade, LegalRegime, Notes, ReleasableTo,
    ];

    private static readonly string[] CommonRequired = [ExternalId, SourceOrganisation, Market, Echelon, OccurredAt, Country];

    private static readonly Dictionary<ObservationKind, (string[] Fields, string[] Required)> Specific = new()
    {
        [ObservationKind.Seizure] = (["substance", "quantity", "unit", "purity", "port", "transport_mode", "concealment",
            "origin_country", "destination_country"], []),
        [ObservationKind.ProductionSite] = (["site_type", "plant_count", "substance"], ["site_type"]),
        [ObservationKind.DumpingSite] = (["substance", "quantity", "unit"], []),
        [ObservationKind.ChemicalOrderReport] = (["chemical", "category", "quantity", "unit", "channel"], ["chemical", "channel"]),
        [ObservationKind.PartnerSignal] = (["signal_type"], ["signal_type"]),
        [ObservationKind.ViolenceIncident] = (["incident_type", "casualties"], ["incident_type"]),
        [ObservationKind.LabFinding] = (["substance", "confirmation", "sample_form", "purity"], ["substance", "confirmation", "sample_form"]),
        [ObservationKind.WastewaterMeasurement] = (["substance", "load"], ["substance", "load"]),
        [ObservationKind.InvestigationReport] = (["method", "case_reference"], ["method"]),
    };

    /// <summary>All columns of a kind: the common ones, then the kind's own.</summary>
    public static IReadOnlyList<string> For(ObservationKind kind) => [.. Common, .. Specific[kind].Fields];

    /// <summary>Columns a file must have and a row must fill.</summary>
    public static IReadOnlyList<string> Required(ObservationKind kind) => [.. CommonRequired, .. Specific[kind].Required];

    /// <summary>seizure, production-site, ... as used on the CLI and in routes.</summary>
    public static string KindName(ObservationKind kind) => Kebab(kind.ToString());

    public static IReadOnlyList<string> KindNames { get; } = [.. Enum.GetValues<ObservationKind>().Select(KindName)];

    public static bool TryParseKind(string? name, out ObservationKind kind) =>
        VocabularyValues<ObservationKind>.TryParse(name, out kind);

    /// <summary>SyntheticDrugs becomes synthetic-drugs.</summary>
    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0 && !char.IsDigit(pascal[i - 1]) && !char.IsUpper(pascal[i - 1]))
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}

/// <summary>Parses enum values as people write them: case ignored, and '-', '_' and spaces ignored, so
/// "sea-container", "SeaContainer" and "sea container" are the same transport mode.</summary>
public static class VocabularyValues<T> where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByKey = Build();
    private static readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> ByKeySpan =
        ByKey.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The accepted spellings, kebab-case, for messages and docs.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetNames<T>().Select(IntakeFields.Kebab)];

    public static string Expected { get; } = string.Join(", ", Names);

    private static Dictionary<string, T> Build()
    {
        var d = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var v in Enum.GetValues<T>())
        {
            d[v.ToString().ToLowerInvariant()] = v;
        }
        return d;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out T value)
    {
        Span<char> buffer = stackalloc char[64];
        var n = 0;
        foreach (var c in text)
        {
            if (c is '-' or '_' or ' ')
            {
                continue;
            }
            if (n == buffer.Length)
            {
                value = default;
                return false;
            }
            buffer[n++] = char.ToLowerInvariant(c);
        }
        return ByKeySpan.TryGetValue(buffer[..n], out value);
    }
}
