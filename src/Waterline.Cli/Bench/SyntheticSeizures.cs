using System.Globalization;
using Waterline.Observations;

namespace Waterline.Cli.Bench;

/// <summary>Deterministic synthetic seizures for benchmarks: spread over 10 years, both countries'
/// provinces and several sources, so the pre-aggregate has a realistic number of cells.</summary>
internal static class SyntheticSeizures
{
    private static readonly (string Country, string Region, string Municipality)[] Places =
    [
        ("BE", "10000", "11002"), ("BE", "04000", "21004"), ("BE", "40000", "44021"), ("BE", "70000", "71022"),
        ("BE", "60000", "62063"), ("BE", "30000", "31005"), ("BE", "50000", "52011"), ("BE", "20001", "24062"),
        ("NL", "PV28", "GM0599"), ("NL", "PV27", "GM0363"), ("NL", "PV30", "GM0772"), ("NL", "PV31", "GM0935"),
        ("NL", "PV26", "GM0344"), ("NL", "PV25", "GM0268"), ("NL", "PV29", "GM0718"),
    ];

    private static readonly string[] BelgianSources = ["BE-CUSTOMS", "BE-FEDPOL", "BE-LOCPOL"];
    private static readonly string[] DutchSources = ["NL-HARC", "NL-POLITIE", "NL-DOUANE"];
    private static readonly Market[] Markets = Enum.GetValues<Market>();
    private static readonly Echelon[] Echelons = Enum.GetValues<Echelon>();
    private static readonly TransportMode[] Modes = Enum.GetValues<TransportMode>();

    /// <summary>Writes the seizures as an intake CSV (docs/intake.md), the way a partner's file would arrive.</summary>
    public static async Task WriteCsvAsync(string path, int count, int seed, string idPrefix, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("external_id,source_organisation,market,echelon,occurred_at,country,region,municipality," +
            "handling_code,tlp,source_grade,information_grade,substance,quantity,unit,transport_mode");
        var line = new System.Text.StringBuilder(256);
        foreach (var s in Generate(count, seed, idPrefix))
        {
            ct.ThrowIfCancellationRequested();
            line.Clear().Append(s.ExternalId).Append(',').Append(s.SourceOrganisation).Append(',').Append(s.Market).Append(',')
                .Append(s.Echelon).Append(',').Append(s.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Country).Append(',').Append(s.RegionCode).Append(',').Append(s.MunicipalityCode).Append(',')
                .Append(s.Handling).Append(',').Append(s.Tlp).Append(',').Append(s.SourceGrade).Append(',')
                .Append((int)s.InformationGrade).Append(',').Append(s.Substance).Append(',')
                .Append(s.Quantity!.Value.ToString(CultureInfo.InvariantCulture)).Append(",kilogram,").Append(s.TransportMode);
            await writer.WriteLineAsync(line, ct);
        }
    }

    public static IEnumerable<Seizure> Generate(int count, int seed, string idPrefix)
    {
        var random = new Random(seed);
        var recorded = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var place = Places[random.Next(Places.Length)];
            var sources = place.Country == "BE" ? BelgianSources : DutchSources;
            var kg = Math.Round(Math.Exp(random.NextDouble() * 8), 3);
            yield return new Seizure
            {
                Country = place.Country, RegionCode = place.Region, MunicipalityCode = place.Municipality,
                SourceOrganisation = sources[random.Next(sources.Length)], ExternalId = idPrefix + i.ToString(CultureInfo.InvariantCulture),
                Market = Markets[random.Next(Markets.Length)], Echelon = Echelons[random.Next(Echelons.Length)],
                OccurredAt = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(10 * 365 * 24 * 60)),
                RecordedAt = recorded, Substance = "cocaine", Quantity = kg, Unit = QuantityUnit.Kilogram, QuantityKg = kg,
                TransportMode = Modes[random.Next(Modes.Length)], Tlp = Tlp.Amber, Handling = HandlingCode.H0,
                SourceGrade = SourceGrade.B, InformationGrade = InformationGrade.KnownToSource,
            };
        }
    }
}
