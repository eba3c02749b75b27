using System.Globalization;
using Waterline.Geography;
using Waterline.Observations;

namespace Waterline.Intake;

/// <summary>A rejected row: the 1-based data row, the column at fault (snake_case) and why, in plain words.</summary>
public sealed record RowRejection(int Row, string Field, string Reason);

/// <summary>Turns one row of text values (CSV cells or JSON properties, by column position) into an
/// observation, or into rejections naming every bad field. The one validation used by the CLI, the API and
/// the upload page. Not thread-safe: one reader per import.</summary>
public sealed class ObservationRowReader
{
    private const int MaxExternalIdLength = 100;

    private readonly ObservationKind _kind;
    private readonly PlaceLookup _places;
    private readonly Dictionary<string, Organisation> _organisations;
    private readonly DateTime _recordedAt;
    private readonly Dictionary<string, int> _index;
    // The reader's own lookups use the interned column-name constants, so identity hashing is enough and
    // avoids hashing the name's characters some 40 times per row.
    private readonly Dictionary<string, int> _position;
    // Place names repeat a lot in a file; resolve each distinct spelling once.
    private readonly Dictionary<(string Country, string Text), Place?> _municipalities = [];
    private readonly Dictionary<(string Country, string Text), Place?> _regions = [];

    private int _row;
    private string?[] _values = [];
    private List<RowRejection> _rejections = [];
    private bool _bad;

    private readonly HashSet<string> _groups;
    private readonly string? _submitter;

    /// <summary>A reader for one import; <paramref name="releasabilityGroups"/> are the group names a row may name in releasable_to;
    /// with <paramref name="submitterOrganisation"/>, rows must name it as their source.</summary>
    public ObservationRowReader(ObservationKind kind, PlaceLookup places, IEnumerable<Organisation> organisations, DateTime recordedAt,
        IEnumerable<string>? releasabilityGroups = null, string? submitterOrganisation = null)
    {
        _submitter = submitterOrganisation;
        _groups = new HashSet<string>(releasabilityGroups ?? [], StringComparer.OrdinalIgnoreCase);
        _kind = kind;
        _places = places;
        _organisations = organisations.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);
        _recordedAt = recordedAt;
        Fields = IntakeFields.For(kind);
        _index = Fields.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        _position = new Dictionary<string, int>(_index, ReferenceEqualityComparer.Instance);
    }

    public ObservationKind Kind => _kind;

    /// <summary>The columns in the order <see cref="Read"/> expects its values.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Position of a column, or -1 when the kind has no such column.</summary>
    public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

    /// <summary>Reads one row. <paramref name="values"/> holds one entry per <see cref="Fields"/> (null or blank = empty).
    /// Returns null and adds to <paramref name="rejections"/> when any field is bad.</summary>
    public Observation? Read(int row, string?[] values, List<RowRejection> rejections)
    {
        _row = row;
        _values = values;
        _rejections = rejections;
        _bad = false;

        var externalId = RequiredText(IntakeFields.ExternalId);
        if (externalId is { Length: > MaxExternalIdLength })
        {
            Fail(IntakeFields.ExternalId, $"is {externalId.Length} characters long; at most {MaxExternalIdLength} are allowed");
        }
        var organisation = ReadOrganisation();
        var market = Vocabulary<Market>(IntakeFields.Market, "market", required: true);
        var echelon = Vocabulary<Echelon>(IntakeFields.Echelon, "echelon", required: true);
        var occurredAt = Date(IntakeFields.OccurredAt, required: true);
        var reportedAt = Date(IntakeFields.ReportedAt, required: false);
        var country = ReadCountry();
        var (regionCode, municipalityCode) = country is null ? (null, null) : ReadPlace(country);
        var (latitude, longitude) = ReadCoordinates();
        var handling = Vocabulary<HandlingCode>(IntakeFields.HandlingCode, "handling code", required: false) ?? HandlingCode.H0;
        var tlp = Vocabulary<Tlp>(IntakeFields.Tlp, "TLP level", required: false) ?? Tlp.Amber;
        var sourceGrade = Vocabulary<SourceGrade>(IntakeFields.SourceGrade, "source grade", required: false) ?? SourceGrade.X;
        var informationGrade = ReadInformationGrade();
        var legalRegime = Vocabulary<LegalRegime>(IntakeFields.LegalRegime, "legal regime", required: false)
            ?? (organisation is null ? LegalRegime.Gdpr : DefaultRegime(organisation.Kind));
        var notes = Text(IntakeFields.Notes);
        var releasableTo = ReadReleasability();

        var observation = ReadKind(externalId ?? "", organisation?.Code ?? "", country ?? "");
        if (_bad || observation is null)
        {
            return null;
        }
        observation.Market = market!.Value;
        observation.Echelon = echelon!.Value;
        observation.OccurredAt = occurredAt!.Value;
        observation.ReportedAt = reportedAt;
        observation.RecordedAt = _recordedAt;
        observation.RegionCode = regionCode;
        observation.MunicipalityCode = municipalityCode;
        observation.Latitude = latitude;
        observation.Longitude = longitude;
        observation.Handling = handling;
        observation.Tlp = tlp;
        observation.SourceGrade = sourceGrade;
        observation.InformationGrade = informationGrade;
        observation.LegalRegime = legalRegime;
        observation.Notes = notes;
        observation.ReleasableTo = releasableTo;
        return observation;
    }

    /// <summary>Police, customs, prosecution and the FAMHP process under the LED (Dir. 2016/680); partners,
    /// researchers, health bodies and the drugs commissioner under the GDPR.</summary>
    public static LegalRegime DefaultRegime(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Police or OrganisationKind.Customs or OrganisationKind.Prosecution or OrganisationKind.DutchPolice
            or OrganisationKind.Famhp => LegalRegime.LawEnforcementDirective,
        _ => LegalRegime.Gdpr,
    };

    private Observation? ReadKind(string externalId, string source, string country)
    {
        switch (_kind)
        {
            case ObservationKind.Seizure:
            {
                var substance = Text("substance");
                var (quantity, unit, kg) = ReadQuantity();
                var purity = Number("purity", 0, 100);
                var port = ReadPort();
                var mode = Vocabulary<TransportMode>("transport_mode", "transport mode", required: false);
                var concealment = Text("concealment");
                var origin = CountryCode("origin_country");
                var destination = CountryCode("destination_country");
                return _bad ? null : new Seizure
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Substance = substance,
                    Quantity = quantity, Unit = unit, QuantityKg = kg, Purity = purity, Port = port, TransportMode = mode,
                    Concealment = concealment, OriginCountry = origin, DestinationCountry = destination,
                };
            }
            case ObservationKind.ProductionSite:
            {
                var siteType = Vocabulary<SiteType>("site_type", "site type", required: true);
                var plants = Integer("plant_count");
                var substance = Text("substance");
                return _bad ? null : new ProductionSite
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, SiteType = siteType!.Value,
                    PlantCount = plants, Substance = substance,
                };
            }
            case ObservationKind.DumpingSite:
            {
                var substance = Text("substance");
                var (quantity, unit, _) = ReadQuantity();
                return _bad ? null : new DumpingSite
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Substance = substance,
                    Quantity = quantity, Unit = unit,
                };
            }
            case ObservationKind.ChemicalOrderReport:
            {
                var chemical = RequiredText("chemical");
                var category = Text("category");
                var (quantity, unit, _) = ReadQuantity();
                var channel = Vocabulary<ReportChannel>("channel", "report channel", required: true);
                return _bad ? null : new ChemicalOrderReport
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Chemical = chemical!,
                    Category = category, Quantity = quantity, Unit = unit, Channel = channel!.Value,
                };
            }
            case ObservationKind.PartnerSignal:
            {
                var signal = Vocabulary<PartnerSignalType>("signal_type", "signal type", required: true);
                return _bad ? null : new PartnerSignal
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, SignalType = signal!.Value,
                };
            }
            case ObservationKind.ViolenceIncident:
            {
                var type = Vocabulary<IncidentType>("incident_type", "incident type", required: true);
                var casualties = Integer("casualties");
                return _bad ? null : new ViolenceIncident
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, IncidentType = type!.Value,
                    Casualties = casualties,
                };
            }
            case ObservationKind.LabFinding:
            {
                var substance = RequiredText("substance");
                var confirmation = Vocabulary<Confirmation>("confirmation", "confirmation", required: true);
                var form = Vocabulary<SampleForm>("sample_form", "sample form", required: true);
                var purity = Number("purity", 0, 100);
                return _bad ? null : new LabFinding
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Substance = substance!,
                    Confirmation = confirmation!.Value, SampleForm = form!.Value, Purity = purity,
                };
            }
            case ObservationKind.WastewaterMeasurement:
            {
                var substance = RequiredText("substance");
                var load = Number("load", 0, double.MaxValue, required: true);
                return _bad ? null : new WastewaterMeasurement
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Substance = substance!,
                    Load = load!.Value,
                };
            }
            case ObservationKind.InvestigationReport:
            {
                var method = Vocabulary<InvestigationMethod>("method", "investigation method", required: true);
                var reference = Text("case_reference");
                if (reference is { Length: > 60 })
                {
                    Fail("case_reference", $"{reference.Length} characters; at most 60");
                }
                return _bad ? null : new InvestigationReport
                {
                    ExternalId = externalId, SourceOrganisation = source, Country = country, Method = method!.Value,
                    CaseReference = reference,
                };
            }
            default:
                throw new InvalidOperationException($"No intake for kind {_kind}.");
        }
    }

    private IReadOnlyList<string> ReadReleasability()
    {
        if (Text(IntakeFields.ReleasableTo) is not { } text)
        {
            return [];
        }
        var entries = new List<string>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (_organisations.TryGetValue(part, out var organisation))
            {
                entries.Add(organisation.Code);
            }
            else if (_groups.TryGetValue(part, out var group))
            {
                entries.Add(group);
            }
            else
            {
                Fail(IntakeFields.ReleasableTo, $"'{part}' is neither an organisation code nor a releasability group" +
                    (_groups.Count > 0 ? $" (groups: {string.Join(", ", _groups.Order(StringComparer.Ordinal))})" : ""));
            }
        }
        return entries;
    }

    private Organisation? ReadOrganisation()
    {
        var code = RequiredText(IntakeFields.SourceOrganisation);
        if (code is null)
        {
            return null;
        }
        if (_organisations.TryGetValue(code, out var organisation))
        {
            if (_submitter is not null && !organisation.Code.Equals(_submitter, StringComparison.OrdinalIgnoreCase))
            {
                // The source owns what it reports (AccessPolicy): nobody files records in another organisation's name.
                Fail(IntakeFields.SourceOrganisation, $"'{code}' is not your organisation; you submit for {_submitter} only");
                return null;
            }
            return organisation;
        }
        Fail(IntakeFields.SourceOrganisation, $"'{code}' is not a known organisation code (for example BE-CUSTOMS, NL-POLITIE)");
        return null;
    }

    private string? ReadCountry()
    {
        var text = RequiredText(IntakeFields.Country);
        if (text is null)
        {
            return null;
        }
        if (text.Equals("BE", StringComparison.OrdinalIgnoreCase))
        {
            return "BE";
        }
        if (text.Equals("NL", StringComparison.OrdinalIgnoreCase))
        {
            return "NL";
        }
        Fail(IntakeFields.Country, $"'{text}' is not a country Waterline covers; expected BE or NL");
        return null;
    }

    private (string? Region, string? Municipality) ReadPlace(string country)
    {
        string? municipalityCode = null, municipalityProvince = null, municipalityParent = null, regionCode = null;
        var municipalityText = Text(IntakeFields.Municipality);
        if (municipalityText is not null)
        {
            if (!_municipalities.TryGetValue((country, municipalityText), out var place))
            {
                place = _places.Find(country, municipalityText, PlaceLevel.Municipality);
                _municipalities[(country, municipalityText)] = place;
            }
            if (place is { Level: PlaceLevel.Municipality })
            {
                municipalityCode = place.Code;
                municipalityProvince = place.ProvinceCode;
                municipalityParent = place.ParentCode;
            }
            else
            {
                Fail(IntakeFields.Municipality, $"'{municipalityText}' is not a municipality in {country} (give its code or its name)");
            }
        }
        var regionText = Text(IntakeFields.Region);
        if (regionText is not null)
        {
            if (!_regions.TryGetValue((country, regionText), out var place))
            {
                place = _places.Find(country, regionText, PlaceLevel.Province);
                _regions[(country, regionText)] = place;
            }
            if (place is { Level: PlaceLevel.PoliceRegionalUnit })
            {
                // A Dutch police regional unit: checked against the municipality; stored as the province it determines.
                if (municipalityCode is not null && municipalityParent != place.Code)
                {
                    Fail(IntakeFields.Region,
                        $"'{regionText}' (police regional unit {place.Code}) contradicts municipality '{municipalityText}', which lies in unit {municipalityParent}");
                }
                else if (municipalityCode is null && place.ProvinceCode is null)
                {
                    Fail(IntakeFields.Region, $"'{regionText}' is police regional unit {place.Code} ({place.NameNl}), which spans " +
                        "several provinces; give the municipality or the province");
                }
                regionCode = municipalityProvince ?? place.ProvinceCode;
            }
            else if (place is { ProvinceCode: { } province } && place.Level != PlaceLevel.Country)
            {
                regionCode = province;
                if (municipalityProvince is not null && municipalityProvince != province)
                {
                    Fail(IntakeFields.Region,
                        $"'{regionText}' (province {province}) contradicts municipality '{municipalityText}', which lies in province {municipalityProvince}");
                }
            }
            else
            {
                Fail(IntakeFields.Region, $"'{regionText}' is not a province in {country} (give its code or its name)");
            }
        }
        return (regionCode ?? municipalityProvince, municipalityCode);
    }

    private (double? Latitude, double? Longitude) ReadCoordinates()
    {
        var latitude = Number(IntakeFields.Latitude, -90, 90);
        var longitude = Number(IntakeFields.Longitude, -180, 180);
        var latitudeGiven = Text(IntakeFields.Latitude) is not null;
        var longitudeGiven = Text(IntakeFields.Longitude) is not null;
        if (latitudeGiven && !longitudeGiven)
        {
            Fail(IntakeFields.Longitude, "is required when latitude is given (give both or neither)");
        }
        else if (longitudeGiven && !latitudeGiven)
        {
            Fail(IntakeFields.Latitude, "is required when longitude is given (give both or neither)");
        }
        return (latitude, longitude);
    }

    private InformationGrade ReadInformationGrade()
    {
        var text = Text(IntakeFields.InformationGrade);
        if (text is null)
        {
            return Observations.InformationGrade.CannotBeJudged;
        }
        if (text.Length == 1 && text[0] is >= '1' and <= '4')
        {
            return (InformationGrade)(text[0] - '0');
        }
        if (VocabularyValues<InformationGrade>.TryParse(text, out var grade))
        {
            return grade;
        }
        Fail(IntakeFields.InformationGrade,
            $"'{text}' is not an information grade; expected 1-4 or one of {VocabularyValues<InformationGrade>.Expected}");
        return Observations.InformationGrade.CannotBeJudged;
    }

    private (double? Quantity, QuantityUnit? Unit, double? Kg) ReadQuantity()
    {
        var quantity = Number("quantity", 0, double.MaxValue);
        var unit = Vocabulary<QuantityUnit>("unit", "unit", required: false);
        if (quantity is not null && unit is null && Text("unit") is null)
        {
            Fail("unit", "is required when quantity is given");
        }
        return (quantity, unit, QuantityKg(quantity, unit));
    }

    /// <summary>The mass in kilograms; null when there is no quantity or the unit is not a mass.</summary>
    public static double? QuantityKg(double? quantity, QuantityUnit? unit) => (quantity, unit) switch
    {
        ({ } q, QuantityUnit.Kilogram) => q,
        ({ } q, QuantityUnit.Gram) => q / 1000,
        ({ } q, QuantityUnit.Tonne) => q * 1000,
        _ => null,
    };

    private string? ReadPort()
    {
        var text = Text("port");
        if (text is null)
        {
            return null;
        }
        if (text.Length == 5 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1])
            && text.AsSpan(2).ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == false)
        {
            return text.ToUpperInvariant();
        }
        Fail("port", $"'{text}' is not a UN/LOCODE; expected 5 characters such as BEANR or NLRTM");
        return null;
    }

    private string? CountryCode(string field)
    {
        var text = Text(field);
        if (text is null)
        {
            return null;
        }
        if (text.Length == 2 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]))
        {
            return text.ToUpperInvariant();
        }
        Fail(field, $"'{text}' is not a two-letter ISO 3166 country code such as BE, NL or CO");
        return null;
    }

    private T? Vocabulary<T>(string field, string what, bool required) where T : struct, Enum
    {
        var text = required ? RequiredText(field) : Text(field);
        if (text is null)
        {
            return null;
        }
        if (VocabularyValues<T>.TryParse(text, out var value))
        {
            return value;
        }
        var article = "aeiouAEIOU".Contains(what[0]) ? "an" : "a";
        Fail(field, $"'{text}' is not {article} {what}; expected one of {VocabularyValues<T>.Expected}");
        return null;
    }

    private DateTime? Date(string field, bool required)
    {
        var text = required ? RequiredText(field) : Text(field);
        if (text is null)
        {
            return null;
        }
        if (TryParseDate(text, out var utc))
        {
            return utc;
        }
        Fail(field, $"'{text}' is not a date; expected an ISO date (2024-03-31) or date-time (2024-03-31T14:05:00Z)");
        return null;
    }

    /// <summary>An ISO date is midnight UTC; a date-time with an offset is converted to UTC; without one it is taken as UTC.</summary>
    public static bool TryParseDate(string text, out DateTime utc)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            utc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }
        if (text.Length >= 16 && text[4] == '-' && text[10] is 'T' or ' '
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var moment))
        {
            utc = moment.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }

    private double? Number(string field, double min, double max, bool required = false)
    {
        var text = required ? RequiredText(field) : Text(field);
        if (text is null)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Fail(field, text.Contains(',')
                ? $"'{text}' is not a number (use a dot for decimals)"
                : $"'{text}' is not a number");
            return null;
        }
        if (value < min || value > max)
        {
            Fail(field, max == double.MaxValue
                ? $"{text} is out of range; it must be at least {min.ToString(CultureInfo.InvariantCulture)}"
                : $"{text} is out of range; it must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return value;
    }

    private int? Integer(string field)
    {
        var text = Text(field);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Fail(field, $"'{text}' is not a whole number");
            return null;
        }
        if (value < 0)
        {
            Fail(field, $"{text} is out of range; it must be at least 0");
            return null;
        }
        return value;
    }

    private string? RequiredText(string field)
    {
        var text = Text(field);
        if (text is null)
        {
            Fail(field, "is required");
        }
        return text;
    }

    private string? Text(string field)
    {
        var i = _position[field];
        var value = i < _values.Length ? _values[i] : null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? value.Trim() : value;
    }

    private void Fail(string field, string reason)
    {
        _rejections.Add(new RowRejection(_row, field, reason));
        _bad = true;
    }
}
