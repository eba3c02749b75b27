using Waterline.Geography;
using Waterline.Intake;
using Waterline.Observations;

namespace Waterline.Tests.Intake;

/// <summary>Field validation, without a database: the gazetteer and organisations come from the same embedded
/// reference data the database is seeded from.</summary>
public sealed class ObservationRowReaderTests
{
    private static readonly PlaceLookup Places = new(Gazetteer.LoadPlaces());
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, string> ValidSeizure = new()
    {
        ["external_id"] = "S-1", ["source_organisation"] = "BE-CUSTOMS", ["market"] = "cocaine", ["echelon"] = "import-transit",
        ["occurred_at"] = "2024-03-31", ["country"] = "BE",
    };

    private static (Observation? Observation, List<RowRejection> Rejections) Read(ObservationKind kind, Dictionary<string, string> fields,
        params (string Field, string? Value)[] changes)
    {
        var reader = new ObservationRowReader(kind, Places, KnownOrganisations.All, Now);
        var values = new string?[reader.Fields.Count];
        foreach (var (f, v) in fields)
        {
            values[reader.IndexOf(f)] = v;
        }
        foreach (var (f, v) in changes)
        {
            values[reader.IndexOf(f)] = v;
        }
        var rejections = new List<RowRejection>();
        return (reader.Read(7, values, rejections), rejections);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> baseFields, params (string, string)[] extra)
    {
        var d = new Dictionary<string, string>(baseFields);
        foreach (var (k, v) in extra)
        {
            d[k] = v;
        }
        return d;
    }

    [Fact]
    public void A_minimal_seizure_gets_the_documented_defaults()
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure);
        Assert.Empty(rejections);
        var s = Assert.IsType<Seizure>(o);
        Assert.Equal(HandlingCode.H0, s.Handling);
        Assert.Equal(Tlp.Amber, s.Tlp);
        Assert.Equal(SourceGrade.X, s.SourceGrade);
        Assert.Equal(InformationGrade.CannotBeJudged, s.InformationGrade);
        // BE-CUSTOMS is a customs organisation, so the LED applies by default.
        Assert.Equal(LegalRegime.LawEnforcementDirective, s.LegalRegime);
        Assert.Equal(new DateTime(2024, 3, 31, 0, 0, 0, DateTimeKind.Utc), s.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, s.OccurredAt.Kind);
        Assert.Equal(Now, s.RecordedAt);
    }

    [Fact]
    public void A_partner_organisation_defaults_to_the_gdpr()
    {
        var (o, _) = Read(ObservationKind.PartnerSignal, With(ValidSeizure, ("source_organisation", "BE-GRID"), ("signal_type", "utility-anomaly")));
        Assert.Equal(LegalRegime.Gdpr, Assert.IsType<PartnerSignal>(o).LegalRegime);
    }

    [Theory]
    [InlineData("sea-container")]
    [InlineData("SeaContainer")]
    [InlineData("sea container")]
    [InlineData("SEA_CONTAINER")]
    public void Enum_values_ignore_case_hyphens_underscores_and_spaces(string written)
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("transport_mode", written));
        Assert.Empty(rejections);
        Assert.Equal(TransportMode.SeaContainer, Assert.IsType<Seizure>(o).TransportMode);
    }

    [Fact]
    public void An_unknown_market_is_rejected_with_the_accepted_values()
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("market", "cocaïne2"));
        Assert.Null(o);
        var r = Assert.Single(rejections);
        Assert.Equal(7, r.Row);
        Assert.Equal("market", r.Field);
        Assert.Equal("'cocaïne2' is not a market; expected one of cannabis, synthetic-drugs, cocaine, heroin-opioids, " +
            "new-psychoactive-substances, other", r.Reason);
    }

    [Fact]
    public void Every_bad_field_of_a_row_is_reported()
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure,
            ("market", "x"), ("echelon", "y"), ("occurred_at", "yesterday"), ("country", "FR"), ("purity", "101"));
        Assert.Null(o);
        Assert.Equal(["market", "echelon", "occurred_at", "country", "purity"], rejections.Select(r => r.Field));
    }

    [Theory]
    [InlineData(ObservationKind.Seizure, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country" })]
    [InlineData(ObservationKind.ProductionSite, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "site_type" })]
    [InlineData(ObservationKind.DumpingSite, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country" })]
    [InlineData(ObservationKind.ChemicalOrderReport, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "chemical", "channel" })]
    [InlineData(ObservationKind.PartnerSignal, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "signal_type" })]
    [InlineData(ObservationKind.ViolenceIncident, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "incident_type" })]
    [InlineData(ObservationKind.LabFinding, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "substance", "confirmation", "sample_form" })]
    [InlineData(ObservationKind.WastewaterMeasurement, new[] { "external_id", "source_organisation", "market", "echelon", "occurred_at", "country", "substance", "load" })]
    public void An_empty_row_names_each_required_field_of_its_kind(ObservationKind kind, string[] required)
    {
        // Expected list: the brief's required fields per kind (issue #2, point 4).
        var (o, rejections) = Read(kind, []);
        Assert.Null(o);
        Assert.Equal(required.Order(), rejections.Select(r => r.Field).Order());
        Assert.All(rejections, r => Assert.Equal("is required", r.Reason));
    }

    [Fact]
    public void Each_kind_reads_its_own_fields()
    {
        var (p, r1) = Read(ObservationKind.ProductionSite, ValidSeizure, ("site_type", "Cannabis Plantation"), ("plant_count", "450"));
        Assert.Empty(r1);
        Assert.Equal(450, Assert.IsType<ProductionSite>(p).PlantCount);
        var (c, r2) = Read(ObservationKind.ChemicalOrderReport, ValidSeizure, ("chemical", "APAA"), ("channel", "famhp_hotline"));
        Assert.Empty(r2);
        Assert.Equal(ReportChannel.FamhpHotline, Assert.IsType<ChemicalOrderReport>(c).Channel);
        var (l, r3) = Read(ObservationKind.LabFinding, ValidSeizure, ("substance", "nitazene"), ("confirmation", "confirmed"),
            ("sample_form", "vape-refill"));
        Assert.Empty(r3);
        Assert.Equal(SampleForm.VapeRefill, Assert.IsType<LabFinding>(l).SampleForm);
        var (w, r4) = Read(ObservationKind.WastewaterMeasurement, ValidSeizure, ("substance", "benzoylecgonine"), ("load", "-1"));
        Assert.Null(w);
        Assert.Equal("load", Assert.Single(r4).Field);
        var (v, r5) = Read(ObservationKind.ViolenceIncident, ValidSeizure, ("incident_type", "explosion"), ("casualties", "two"));
        Assert.Null(v);
        Assert.Equal("'two' is not a whole number", Assert.Single(r5).Reason);
    }

    [Theory]
    [InlineData("2024-03-31T14:05:00Z", 14, 5)]
    [InlineData("2024-03-31T16:05:00+02:00", 14, 5)]
    [InlineData("2024-03-31 14:05", 14, 5)]
    public void Date_times_are_converted_to_utc(string written, int hour, int minute)
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("occurred_at", written));
        Assert.Empty(rejections);
        Assert.Equal(new DateTime(2024, 3, 31, hour, minute, 0, DateTimeKind.Utc), o!.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, o.OccurredAt.Kind);
    }

    [Theory]
    [InlineData("31/03/2024")]
    [InlineData("2024-02-30")]
    [InlineData("March 2024")]
    public void Non_iso_or_impossible_dates_are_rejected(string written)
    {
        var (_, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("occurred_at", written));
        Assert.Equal("occurred_at", Assert.Single(rejections).Field);
    }

    [Fact]
    public void Coordinates_come_in_pairs_and_in_range()
    {
        var (ok, none) = Read(ObservationKind.Seizure, ValidSeizure, ("latitude", "51.22"), ("longitude", "4.40"));
        Assert.Empty(none);
        Assert.Equal(51.22, ok!.Latitude);
        var (_, half) = Read(ObservationKind.Seizure, ValidSeizure, ("latitude", "51.22"));
        Assert.Equal("longitude", Assert.Single(half).Field);
        var (_, range) = Read(ObservationKind.Seizure, ValidSeizure, ("latitude", "91"), ("longitude", "4.4"));
        Assert.Equal("latitude", Assert.Single(range).Field);
    }

    [Theory]
    // Codes from the gazetteer (Statbel REFNIS; CBS): Antwerpen 11002 in province 10000, Liège 62063 in 60000,
    // Brussels 21004 in the capital region 04000, Rotterdam GM0599 in Zuid-Holland PV28.
    [InlineData("BE", "Antwerpen", "11002", "10000")]
    [InlineData("BE", "Anvers", "11002", "10000")]
    [InlineData("BE", "Luik", "62063", "60000")]
    [InlineData("BE", "liege", "62063", "60000")]
    [InlineData("BE", "Bruxelles", "21004", "04000")]
    [InlineData("NL", "Rotterdam", "GM0599", "PV28")]
    [InlineData("NL", "GM0599", "GM0599", "PV28")]
    public void A_municipality_by_name_in_nl_or_fr_sets_the_municipality_and_the_province(string country, string written,
        string municipality, string province)
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("country", country), ("municipality", written),
            ("source_organisation", country == "NL" ? "NL-POLITIE" : "BE-CUSTOMS"));
        Assert.Empty(rejections);
        Assert.Equal(municipality, o!.MunicipalityCode);
        Assert.Equal(province, o.RegionCode);
    }

    [Fact]
    public void A_region_by_name_resolves_to_the_province_code_and_must_agree_with_the_municipality()
    {
        var (o, ok) = Read(ObservationKind.Seizure, ValidSeizure, ("region", "Flandre orientale"));
        Assert.Empty(ok);
        Assert.Equal("40000", o!.RegionCode);
        var (_, contradiction) = Read(ObservationKind.Seizure, ValidSeizure, ("region", "Limburg"), ("municipality", "Gent"));
        var r = Assert.Single(contradiction);
        Assert.Equal("region", r.Field);
        Assert.Contains("contradicts municipality 'Gent'", r.Reason, StringComparison.Ordinal);
        var (_, unknown) = Read(ObservationKind.Seizure, ValidSeizure, ("municipality", "Atlantis"));
        Assert.Equal("municipality", Assert.Single(unknown).Field);
    }

    [Theory]
    [InlineData("1250", "kilogram", 1250.0)]
    [InlineData("900", "gram", 0.9)]
    [InlineData("2.5", "tonne", 2500.0)]
    [InlineData("10", "litre", null)]
    [InlineData("5000", "units", null)]
    public void Quantities_are_normalised_to_kilograms_only_for_masses(string quantity, string unit, double? kg)
    {
        var (o, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("quantity", quantity), ("unit", unit));
        Assert.Empty(rejections);
        var s = Assert.IsType<Seizure>(o);
        if (kg is null)
        {
            Assert.Null(s.QuantityKg);
        }
        else
        {
            Assert.Equal(kg.Value, s.QuantityKg!.Value, 9);
        }
    }

    [Fact]
    public void A_quantity_without_a_unit_is_rejected()
    {
        var (_, rejections) = Read(ObservationKind.Seizure, ValidSeizure, ("quantity", "10"));
        var r = Assert.Single(rejections);
        Assert.Equal(("unit", "is required when quantity is given"), (r.Field, r.Reason));
    }

    [Fact]
    public void Information_grade_accepts_a_number_or_a_name()
    {
        var (one, _) = Read(ObservationKind.Seizure, ValidSeizure, ("information_grade", "1"));
        Assert.Equal(InformationGrade.KnownTrue, one!.InformationGrade);
        var (named, _) = Read(ObservationKind.Seizure, ValidSeizure, ("information_grade", "known-to-source"));
        Assert.Equal(InformationGrade.KnownToSource, named!.InformationGrade);
        var (_, bad) = Read(ObservationKind.Seizure, ValidSeizure, ("information_grade", "5"));
        Assert.Equal("information_grade", Assert.Single(bad).Field);
    }

    [Fact]
    public void Kind_names_are_kebab_case()
    {
        Assert.Equal(["seizure", "production-site", "dumping-site", "chemical-order-report", "partner-signal", "violence-incident",
            "lab-finding", "wastewater-measurement", "investigation-report"], IntakeFields.KindNames);
        Assert.True(IntakeFields.TryParseKind("production-site", out var kind));
        Assert.Equal(ObservationKind.ProductionSite, kind);
    }
}
