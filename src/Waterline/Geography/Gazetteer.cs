using System.Globalization;
using System.Reflection;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Waterline.Geography;

/// <summary>Belgian and Dutch places with official codes, built from the public reference files
/// embedded in this assembly (Statbel REFNIS 2019-2024, CBS gebiedsindelingen 2025; see reference/SOURCES.md).</summary>
public static class Gazetteer
{
    /// <summary>Brussels-Capital has no province; the region stands in for it on the map.</summary>
    public const string BrusselsRegionCode = "04000";

    // Belgian provinces and the Brussels region: NIS code, ISO 3166-2 (the map's feature id), names.
    private static readonly (string Nis, string Iso, string Nl, string Fr, string En)[] BelgianProvinces =
    [
        (BrusselsRegionCode, "BE-BRU", "Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale", "Brussels-Capital Region"),
        ("10000", "BE-VAN", "Antwerpen", "Anvers", "Antwerp"),
        ("20001", "BE-VBR", "Vlaams-Brabant", "Brabant flamand", "Flemish Brabant"),
        ("20002", "BE-WBR", "Waals-Brabant", "Brabant wallon", "Walloon Brabant"),
        ("30000", "BE-VWV", "West-Vlaanderen", "Flandre occidentale", "West Flanders"),
        ("40000", "BE-VOV", "Oost-Vlaanderen", "Flandre orientale", "East Flanders"),
        ("50000", "BE-WHT", "Henegouwen", "Hainaut", "Hainaut"),
        ("60000", "BE-WLG", "Luik", "Liège", "Liège"),
        ("70000", "BE-VLI", "Limburg", "Limbourg", "Limburg"),
        ("80000", "BE-WLX", "Luxemburg", "Luxembourg", "Luxembourg"),
        ("90000", "BE-WNA", "Namen", "Namur", "Namur"),
    ];

    private static readonly (string Code, string Name, string En)[] DutchProvinces =
    [
        ("PV20", "Groningen", "Groningen"), ("PV21", "Fryslân", "Friesland"), ("PV22", "Drenthe", "Drenthe"),
        ("PV23", "Overijssel", "Overijssel"), ("PV24", "Flevoland", "Flevoland"), ("PV25", "Gelderland", "Gelderland"),
        ("PV26", "Utrecht", "Utrecht"), ("PV27", "Noord-Holland", "North Holland"), ("PV28", "Zuid-Holland", "South Holland"),
        ("PV29", "Zeeland", "Zeeland"), ("PV30", "Noord-Brabant", "North Brabant"), ("PV31", "Limburg", "Limburg"),
    ];

    private static readonly (string Code, string Name)[] DutchPoliceUnits =
    [
        ("RE01", "Noord-Nederland"), ("RE02", "Oost-Nederland"), ("RE03", "Midden-Nederland"), ("RE04", "Noord-Holland"),
        ("RE05", "Amsterdam"), ("RE06", "Den Haag"), ("RE07", "Rotterdam"), ("RE08", "Zeeland-West-Brabant"),
        ("RE09", "Oost-Brabant"), ("RE10", "Limburg"),
    ];

    /// <summary>ISO 3166-2 code of a Belgian province (as used by the map geometry) by its NIS code.</summary>
    public static IReadOnlyDictionary<string, string> BelgianIsoByNis { get; } =
        BelgianProvinces.ToDictionary(p => p.Nis, p => p.Iso);

    /// <summary>Every place: countries, Belgian regions, provinces, arrondissements, judicial districts and
    /// municipalities; Dutch provinces, police regional units and municipalities. Parents: a Belgian municipality's
    /// is its arrondissement, a Dutch municipality's its police regional unit (<see cref="NlPoliceRegionalUnits"/>).</summary>
    public static IReadOnlyList<Place> LoadPlaces()
    {
        var places = new List<Place>
        {
            new() { Code = "BE", Country = "BE", Level = PlaceLevel.Country, NameNl = "België", NameFr = "Belgique", NameDe = "Belgien", NameEn = "Belgium" },
            new() { Code = "NL", Country = "NL", Level = PlaceLevel.Country, NameNl = "Nederland", NameFr = "Pays-Bas", NameDe = "Niederlande", NameEn = "Netherlands" },
            new() { Code = "02000", Country = "BE", Level = PlaceLevel.Region, NameNl = "Vlaams Gewest", NameFr = "Région flamande", NameEn = "Flemish Region", ParentCode = "BE" },
            new() { Code = "03000", Country = "BE", Level = PlaceLevel.Region, NameNl = "Waals Gewest", NameFr = "Région wallonne", NameEn = "Walloon Region", ParentCode = "BE" },
        };
        foreach (var p in BelgianProvinces)
        {
            var isBrussels = p.Nis == BrusselsRegionCode;
            places.Add(new Place
            {
                Code = p.Nis, Country = "BE", Level = isBrussels ? PlaceLevel.Region : PlaceLevel.Province,
                NameNl = p.Nl, NameFr = p.Fr, NameEn = p.En, ProvinceCode = p.Nis,
                ParentCode = isBrussels ? "BE" : (p.Iso.StartsWith("BE-V", StringComparison.Ordinal) ? "02000" : "03000"),
            });
        }

        var arrondissements = new Dictionary<string, Place>();
        foreach (var row in ReadCsv("geo/be_municipalities_2019_2024.csv"))
        {
            var province = string.IsNullOrEmpty(row["province_nis"]) ? BrusselsRegionCode : row["province_nis"];
            var arr = row["arrondissement_nis"];
            if (!arrondissements.ContainsKey(arr))
            {
                arrondissements[arr] = new Place
                {
                    Code = arr, Country = "BE", Level = PlaceLevel.Arrondissement, NameNl = row["arrondissement_nl"],
                    NameFr = row["arrondissement_fr"], ParentCode = province, ProvinceCode = province,
                };
            }
            places.Add(new Place
            {
                Code = row["nis_code"], Country = "BE", Level = PlaceLevel.Municipality, NameNl = row["name_nl"],
                NameFr = row["name_fr"], NameDe = row["name_de"], ParentCode = arr, ProvinceCode = province,
            });
        }
        places.AddRange(arrondissements.Values);

        foreach (var row in ReadCsv("geo/be_judicial_districts_composition.csv"))
        {
            var first = row["admin_arrondissement_nis_codes"].Split(';', ' ')[0];
            places.Add(new Place
            {
                Code = "JD-" + Slug(row["judicial_district_nl"]), Country = "BE", Level = PlaceLevel.JudicialDistrict,
                NameNl = row["judicial_district_nl"], NameFr = row["judicial_district_fr"], ParentCode = "BE",
                // Brussels spans the region and Halle-Vilvoorde: its province is the region's.
                ProvinceCode = arrondissements.TryGetValue(first, out var a) ? a.ProvinceCode : null,
            });
        }

        foreach (var (code, name, en) in DutchProvinces)
        {
            places.Add(new Place { Code = code, Country = "NL", Level = PlaceLevel.Province, NameNl = name, NameEn = en, ParentCode = "NL", ProvinceCode = code });
        }
        var units = NlPoliceRegionalUnits.ByMunicipality;
        var municipalities = ReadCsv("geo/nl_municipalities_2025.csv").Select(row => new Place
        {
            // The parent is the police regional unit (the hierarchy the Dutch police and prosecution work in);
            // the province stays in ProvinceCode, the map's unit.
            Code = row["gm_code"], Country = "NL", Level = PlaceLevel.Municipality, NameNl = row["name"],
            ParentCode = units.GetValueOrDefault(row["gm_code"]), ProvinceCode = row["province_code"],
        }).ToList();
        foreach (var (code, name) in DutchPoliceUnits)
        {
            var provinces = municipalities.Where(m => m.ParentCode == code).Select(m => m.ProvinceCode).Distinct().ToList();
            places.Add(new Place
            {
                Code = code, Country = "NL", Level = PlaceLevel.PoliceRegionalUnit, NameNl = name, ParentCode = "NL",
                // Set only when the unit lies in one province (Amsterdam, Den Haag, Limburg...); Oost-Nederland and
                // the other units that span provinces have none.
                ProvinceCode = provinces.Count == 1 ? provinces[0] : null,
            });
        }
        places.AddRange(municipalities);
        return places;
    }

    private static string Slug(string name)
    {
        var ascii = RemoveDiacritics(name).ToUpperInvariant();
        var sb = new StringBuilder();
        foreach (var c in ascii)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }
        return sb.Length > 9 ? sb.ToString(0, 9) : sb.ToString();
    }

    /// <summary>Lower-case, accents removed, punctuation and spaces collapsed: "Liège" = "liege", "'s-Hertogenbosch" = "s hertogenbosch".</summary>
    public static string NormaliseName(string name)
    {
        var s = RemoveDiacritics(name.Trim()).ToLowerInvariant();
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    private static string RemoveDiacritics(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static IEnumerable<Dictionary<string, string>> ReadCsv(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(header.Length);
            foreach (var h in header)
            {
                row[h] = csv.GetField(h) ?? "";
            }
            yield return row;
        }
    }
}

/// <summary>Resolves a place named in an import by code or by name (NL, FR, DE or EN; accents and case ignored).</summary>
public sealed class PlaceLookup
{
    private readonly Dictionary<string, Place> _byCode;
    private readonly Dictionary<(string Country, string Name), List<Place>> _byName = [];

    public PlaceLookup(IEnumerable<Place> places)
    {
        var all = places.ToList();
        _byCode = all.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var p in all)
        {
            foreach (var n in new[] { p.NameNl, p.NameFr, p.NameDe, p.NameEn })
            {
                if (string.IsNullOrWhiteSpace(n))
                {
                    continue;
                }
                var key = (p.Country, Gazetteer.NormaliseName(n));
                if (!_byName.TryGetValue(key, out var list))
                {
                    _byName[key] = list = [];
                }
                if (!list.Contains(p))
                {
                    list.Add(p);
                }
            }
        }
    }

    public Place? ByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    /// <summary>Finds a place by code, or by name within a country. When a name is ambiguous
    /// (Limburg is a Belgian and a Dutch province, and in Belgium also an arrondissement name),
    /// <paramref name="preferred"/> picks the level; otherwise the most specific level wins.</summary>
    public Place? Find(string country, string codeOrName, PlaceLevel? preferred = null)
    {
        if (ByCode(codeOrName) is { } byCode && byCode.Country.Equals(country, StringComparison.OrdinalIgnoreCase))
        {
            return byCode;
        }
        if (!_byName.TryGetValue((country.ToUpperInvariant(), Gazetteer.NormaliseName(codeOrName)), out var list))
        {
            return null;
        }
        if (preferred is { } level && list.FirstOrDefault(p => p.Level == level) is { } exact)
        {
            return exact;
        }
        return list.OrderByDescending(p => p.Level).First();
    }

    /// <summary>Whether <paramref name="municipality"/> lies in <paramref name="area"/>: the municipality itself, its
    /// country, its province, or any place up its chain of parents (BE: arrondissement, province, region;
    /// NL: police regional unit).</summary>
    public bool Covers(Place area, Place municipality)
    {
        if (area.Code == municipality.Code || area.Code == municipality.Country || area.Code == municipality.ProvinceCode)
        {
            return true;
        }
        for (var p = municipality.ParentCode; p is not null; p = ByCode(p)?.ParentCode)
        {
            if (p == area.Code)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The municipalities <paramref name="area"/> covers (see <see cref="Covers"/>), for a region filter
    /// given as a province, an arrondissement or a police regional unit.</summary>
    public IEnumerable<Place> MunicipalitiesIn(Place area) =>
        _byCode.Values.Where(p => p.Level == PlaceLevel.Municipality && p.Country == area.Country && Covers(area, p))
            .OrderBy(p => p.Code, StringComparer.Ordinal);

    public IEnumerable<Place> Provinces(string country) =>
        _byCode.Values.Where(p => p.Country == country && p.ProvinceCode == p.Code && p.Level is PlaceLevel.Province or PlaceLevel.Region)
            .OrderBy(p => p.Code, StringComparer.Ordinal);
}
