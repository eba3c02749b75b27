using System.Globalization;
using Waterline.Geography;
using Waterline.Observations;

namespace Waterline.DemoWorld;

/// <summary>Builds the demo world year by year. Every year and every stream of a year has its own Random
/// derived from the seed, so a year's observations do not depend on which other years are generated.
/// Assumptions and distributions are documented in DemoWorld/README.md.</summary>
internal sealed class DemoWorldGenerator
{
    private readonly GenerateDemoWorld.Request _request;
    private readonly DemoFigures _figures = DemoFigures.Load();
    private readonly Dictionary<string, Place> _byCode;
    private readonly SortedDictionary<string, Place[]> _municipalitiesByProvince = new(StringComparer.Ordinal);
    private readonly Dictionary<(ObservationKind, int), int> _serial = [];

    public DemoWorldGenerator(GenerateDemoWorld.Request request)
    {
        _request = request;
        var places = Gazetteer.LoadPlaces();
        _byCode = places.ToDictionary(p => p.Code, StringComparer.Ordinal);
        foreach (var g in places.Where(p => p.Level == PlaceLevel.Municipality && p.ProvinceCode is not null).GroupBy(p => p.ProvinceCode!))
        {
            _municipalitiesByProvince[g.Key] = [.. g.OrderBy(p => p.Code, StringComparer.Ordinal)];
        }
    }

    private double Scale => _request.Scale;

    public IEnumerable<Observation> Generate()
    {
        for (var year = _request.FirstYear; year <= _request.LastYear; year++)
        {
            foreach (var o in PortCocaine(year)) { yield return o; }
            foreach (var o in OtherSeizures(year)) { yield return o; }
            foreach (var o in Plantations(year)) { yield return o; }
            foreach (var o in Labs(year)) { yield return o; }
            foreach (var o in Dumpings(year)) { yield return o; }
            foreach (var o in ChemicalReports(year)) { yield return o; }
            foreach (var o in PartnerSignals(year)) { yield return o; }
            foreach (var o in Violence(year)) { yield return o; }
            foreach (var o in LabFindings(year)) { yield return o; }
            foreach (var o in Wastewater(year)) { yield return o; }
        }
    }

    // ---- published figures, after the conflict and gap rules --------------------------------------------

    /// <summary>Seaport cocaine for a year in whole kilograms, or null when no source covers the year.
    /// Whole kilograms keep the sums exact in double arithmetic.</summary>
    internal long? PortKilograms(string place, string country, int year) =>
        DemoFigures.WithinPublished(_figures.Published("cocaine_seized_port", country, place), year) is { } t
            ? (long)Math.Round(t * 1000, MidpointRounding.AwayFromZero) : null;

    /// <summary>Plantations dismantled in a country in a year (interpolated or carried; see README).</summary>
    internal double PlantationFigure(string country, int year) =>
        DemoFigures.ForYear(_figures.Published("cannabis_plantations_dismantled", country, country == "BE" ? "Belgium" : "Netherlands"), year) ?? 0;

    private double Figure(string series, string country, int year) =>
        DemoFigures.ForYear(_figures.Published(series, country, country == "BE" ? "Belgium" : "Netherlands"), year) ?? 0;

    private int Scaled(double baseCount) => (int)Math.Round(baseCount * Scale, MidpointRounding.AwayFromZero);

    // ---- cocaine through the seaports ------------------------------------------------------------------

    // BaseRecords: seizure records a year at scale 1 before the tonnage term (see PortCocaine).
    private static readonly (string Place, string Country, string Port, string Org, string Region, string Municipality, double Lat, double Lon, double BaseRecords)[] Seaports =
    [
        ("Antwerp port", "BE", "BEANR", "BE-CUSTOMS", "10000", "11002", 51.2800, 4.3400, 60),
        ("Rotterdam port", "NL", "NLRTM", "NL-HARC", "PV28", "GM0599", 51.9500, 4.1400, 60),
        ("Vlissingen port", "NL", "NLVLI", "NL-HARC", "PV29", "GM0718", 51.4440, 3.6000, 12),
    ];

    private static readonly (string Code, double W)[] CocaineOrigins =
        [("EC", 34), ("CO", 18), ("PA", 12), ("BR", 12), ("PY", 5), ("CR", 5), ("DO", 4), ("SR", 3), ("GY", 2), ("PE", 2), ("CL", 2), ("MX", 1)];

    private static readonly (string Text, double W)[] ContainerConcealments =
    [
        ("rip-on/rip-off (bags behind the container doors)", 38), ("cover load (bananas)", 16), ("cover load (fruit, other)", 9),
        ("in the refrigeration unit", 12), ("in the container structure (floor, walls)", 9), ("cover load (minerals, coal)", 5),
        ("mixed in the goods (liquid, impregnated)", 4), ("cover load (timber, paper)", 4), ("deviation: container misdirected in the terminal", 3),
    ];

    private IEnumerable<Observation> PortCocaine(int year)
    {
        for (var p = 0; p < Seaports.Length; p++)
        {
            var port = Seaports[p];
            if (PortKilograms(port.Place, port.Country, year) is not { } total || total <= 0)
            {
                continue;
            }
            var r = Rng(year, 10 + p);
            // Record count grows with the tonnage (HARC 2023: 94 finds for 45.5 t; 2024: 189 for 25.9 t): base + 2 per tonne.
            var n = (int)Math.Clamp(Math.Round(Scale * (port.BaseRecords + (2 * total / 1000.0))), 1, total);
            var kilos = SplitHeavyTailed(r, total, n, medianKg: 150, sigma: 1.25);
            for (var i = 0; i < n; i++)
            {
                var s = new Seizure
                {
                    Country = port.Country, RegionCode = port.Region, MunicipalityCode = port.Municipality,
                    Latitude = port.Lat + Gaussian(r, 0.015), Longitude = port.Lon + Gaussian(r, 0.03),
                    SourceOrganisation = port.Org, ExternalId = NextId(ObservationKind.Seizure, year),
                    Market = Market.Cocaine, Echelon = Echelon.ImportTransit, Substance = "cocaine",
                    Quantity = kilos[i], Unit = QuantityUnit.Kilogram, QuantityKg = kilos[i],
                    Purity = Math.Round(60 + (r.NextDouble() * 30), 1), Port = port.Port,
                    TransportMode = r.NextDouble() < 0.97 ? TransportMode.SeaContainer : TransportMode.InlandNavigation,
                    Concealment = Pick(r, ContainerConcealments), OriginCountry = Pick(r, CocaineOrigins),
                    DestinationCountry = Pick(r, [(port.Country, 55), ("DE", 12), ("FR", 10), ("GB", 8), ("IT", 6), (port.Country == "BE" ? "NL" : "BE", 9)]),
                };
                Stamp(s, r, year, MonthsFlat, reportLagDays: 3);
                yield return s;
            }
        }
    }

    /// <summary>Splits a whole-kilogram total into n whole-kilogram seizures (each at least 1 kg) whose sizes
    /// follow a lognormal shape; the sum is exactly the total.</summary>
    internal static long[] SplitHeavyTailed(Random r, long total, int n, double medianKg, double sigma)
    {
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = medianKg * Math.Exp(sigma * Gaussian(r, 1));
        }
        var sum = weights.Sum();
        var kilos = new long[n];
        long assigned = 0;
        for (var i = 0; i < n; i++)
        {
            kilos[i] = Math.Max(1, (long)Math.Floor(total * weights[i] / sum));
            assigned += kilos[i];
        }
        var diff = total - assigned;
        for (var i = 0; diff > 0; i = (i + 1) % n, diff--)
        {
            kilos[i]++;
        }
        while (diff < 0)
        {
            var largest = Array.IndexOf(kilos, kilos.Max());
            var take = Math.Min(-diff, kilos[largest] - 1);
            kilos[largest] -= take;
            diff += take;
        }
        return kilos;
    }

    // ---- airports, post and road --------------------------------------------------------------------

    private IEnumerable<Observation> OtherSeizures(int year)
    {
        var r = Rng(year, 20);
        var airports = new (string Port, string Country, string Org, string Municipality, double Lat, double Lon, double Base)[]
        {
            ("BEBRU", "BE", "BE-CUSTOMS", "23094", 50.9010, 4.4844, 120), ("BELGG", "BE", "BE-CUSTOMS", "62118", 50.6374, 5.4432, 30),
            ("NLAMS", "NL", "NL-DOUANE", "GM0394", 52.3105, 4.7683, 220),
        };
        foreach (var a in airports)
        {
            var place = _byCode[a.Municipality];
            for (var i = Scaled(a.Base); i > 0; i--)
            {
                var passenger = r.NextDouble() < 0.65;
                var (substance, market) = Pick(r, [(("cocaine", Market.Cocaine), 70.0), (("cannabis", Market.Cannabis), 10), (("heroin", Market.HeroinOpioids), 5),
                    (("ketamine", Market.SyntheticDrugs), 7), (("MDMA", Market.SyntheticDrugs), 8)]);
                var kg = passenger ? Math.Round(0.3 + (r.NextDouble() * 3), 2) : Math.Round(Math.Min(400, 5 * Math.Exp(1.2 * Gaussian(r, 1))), 1);
                var s = new Seizure
                {
                    Country = a.Country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    Latitude = a.Lat + Gaussian(r, 0.004), Longitude = a.Lon + Gaussian(r, 0.006),
                    SourceOrganisation = a.Org, ExternalId = NextId(ObservationKind.Seizure, year), Market = market, Echelon = Echelon.MiddleMarket,
                    Substance = substance, Quantity = kg, Unit = QuantityUnit.Kilogram, QuantityKg = kg, Port = a.Port,
                    TransportMode = passenger ? TransportMode.AirPassenger : TransportMode.AirCargo,
                    Concealment = passenger ? Pick(r, [("body packing (ingested)", 35.0), ("suitcase false bottom", 40), ("strapped to the body", 25)])
                        : Pick(r, [("in air freight (machine parts)", 40.0), ("in air freight (food)", 35), ("in express freight", 25)]),
                    OriginCountry = substance == "cocaine" ? Pick(r, [("BR", 25.0), ("SR", 20), ("CW", 10), ("CO", 10), ("PE", 8), ("EC", 7), ("ET", 5), ("NG", 5), ("DO", 10)]) : Pick(r, [("TH", 30.0), ("US", 20), ("CA", 20), ("TR", 15), ("NL", 15)]),
                    DestinationCountry = a.Country,
                    Purity = substance == "cocaine" ? Math.Round(55 + (r.NextDouble() * 30), 1) : null,
                };
                Stamp(s, r, year, MonthsSummer, reportLagDays: 2);
                yield return s;
            }
        }

        foreach (var (country, org, baseCount, hub) in new[] { ("BE", "BE-CUSTOMS", 250.0, "23094"), ("NL", "NL-DOUANE", 300.0, "GM0394") })
        {
            for (var i = Scaled(baseCount); i > 0; i--)
            {
                var (substance, market) = Pick(r, [(("MDMA", Market.SyntheticDrugs), 22.0), (("amphetamine", Market.SyntheticDrugs), 12), (("ketamine", Market.SyntheticDrugs), 12),
                    (("cocaine", Market.Cocaine), 20), (("cannabis", Market.Cannabis), 26), (("3-MMC", Market.NewPsychoactiveSubstances), 8)]);
                var place = r.NextDouble() < 0.5 ? _byCode[hub] : Municipality(r, country, ProvinceWeights(country, "population"));
                var tablets = substance == "MDMA" && r.NextDouble() < 0.6;
                var grams = Math.Round(5 + (Math.Exp(1.3 * Gaussian(r, 1)) * 120));
                var s = new Seizure
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    SourceOrganisation = org, ExternalId = NextId(ObservationKind.Seizure, year), Market = market, Echelon = Echelon.MiddleMarket,
                    Substance = substance, TransportMode = TransportMode.PostCourier,
                    Quantity = tablets ? Math.Round(grams * 3) : grams, Unit = tablets ? QuantityUnit.Units : QuantityUnit.Gram,
                    QuantityKg = tablets ? null : grams / 1000.0,
                    Concealment = Pick(r, [("parcel (consumer goods)", 50.0), ("letter / flat envelope", 25), ("vacuum-sealed in food tins", 15), ("in clothing", 10)]),
                    DestinationCountry = Pick(r, [("AU", 15.0), ("US", 15), ("GB", 20), ("FR", 10), ("DE", 10), (country, 30)]),
                    OriginCountry = country,
                };
                Stamp(s, r, year, MonthsWinterPeak, reportLagDays: 5);
                yield return s;
            }
        }

        foreach (var (country, orgs, baseCount) in new[] { ("BE", new[] { "BE-LOCPOL", "BE-FEDPOL" }, 700.0), ("NL", new[] { "NL-POLITIE", "NL-POLITIE" }, 900.0) })
        {
            for (var i = Scaled(baseCount); i > 0; i--)
            {
                var retail = r.NextDouble() < 0.75;
                var (substance, market) = Pick(r, [(("cannabis", Market.Cannabis), 40.0), (("cocaine", Market.Cocaine), 30), (("amphetamine", Market.SyntheticDrugs), 10),
                    (("MDMA", Market.SyntheticDrugs), 10), (("heroin", Market.HeroinOpioids), 6), (("ketamine", Market.SyntheticDrugs), 4)]);
                var place = Municipality(r, country, ProvinceWeights(country, "population"));
                double? kg = retail ? Math.Round(1 + (Math.Exp(Gaussian(r, 1)) * 15)) / 1000.0 : Math.Round(1 + Math.Min(200, Math.Exp(1.1 * Gaussian(r, 1)) * 6), 1);
                var s = new Seizure
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    SourceOrganisation = orgs[retail ? 0 : 1], ExternalId = NextId(ObservationKind.Seizure, year), Market = market,
                    Echelon = retail ? Echelon.Retail : Echelon.MiddleMarket, Substance = substance,
                    TransportMode = retail ? null : TransportMode.Road,
                    Quantity = retail ? kg * 1000 : kg, Unit = retail ? QuantityUnit.Gram : QuantityUnit.Kilogram, QuantityKg = kg,
                    Concealment = retail ? null : Pick(r, [("hidden compartment in a car", 45.0), ("in a van's cargo", 30), ("in a truck's load", 25)]),
                    Purity = substance == "cocaine" && !retail ? Math.Round(50 + (r.NextDouble() * 35), 1) : null,
                };
                Stamp(s, r, year, MonthsSummer, reportLagDays: 7);
                yield return s;
            }
        }
    }

    // ---- production: plantations, labs, storage, dumping ---------------------------------------------

    private IEnumerable<Observation> Plantations(int year)
    {
        foreach (var country in new[] { "BE", "NL" })
        {
            var r = Rng(year, country == "BE" ? 30 : 31);
            var weights = ProvinceWeights(country, "plantations");
            var count = Scaled(PlantationFigure(country, year));
            for (var i = 0; i < count; i++)
            {
                var place = Municipality(r, country, weights);
                var plants = (int)Math.Clamp(Math.Round(350 * Math.Exp(0.9 * Gaussian(r, 1))), 20, 9000);
                var site = new ProductionSite
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    SourceOrganisation = country == "NL" ? "NL-POLITIE" : (plants > 1000 ? "BE-FEDPOL" : "BE-LOCPOL"),
                    ExternalId = NextId(ObservationKind.ProductionSite, year), Market = Market.Cannabis, Echelon = Echelon.Production,
                    SiteType = SiteType.CannabisPlantation, PlantCount = plants, Substance = "cannabis",
                    Notes = plants > 1000 ? "professional plantation (more than 1,000 plants)" : null,
                };
                Stamp(site, r, year, MonthsWinterPeak, reportLagDays: 10);
                yield return site;
            }
        }
    }

    private IEnumerable<Observation> Labs(int year)
    {
        foreach (var country in new[] { "BE", "NL" })
        {
            var r = Rng(year, country == "BE" ? 40 : 41);
            double synthetic, cocaine;
            if (country == "BE")
            {
                // BE: the lab count includes cocaine labs from 2020 on; the cocaine-lab series starts then too.
                cocaine = year >= 2020 ? Figure("drug_production_sites_dismantled_cocaine", "BE", year) : 0;
                synthetic = Math.Max(0, Figure("drug_production_sites_dismantled", "BE", year) - cocaine);
            }
            else
            {
                // NL: the synthetic series is kept apart from the all-drugs total that exists only from 2021 (scope change).
                synthetic = Figure("drug_production_sites_dismantled", "NL", year);
                cocaine = year >= 2021 ? Math.Max(0, Figure("drug_production_sites_dismantled_all_drugs", "NL", year) - synthetic) : 0;
            }
            var storage = Figure("drug_storage_sites_found", country, year);
            var weights = ProvinceWeights(country, "labs");
            foreach (var (type, n) in new[] { (SiteType.SyntheticLab, Scaled(synthetic)), (SiteType.CocaineExtractionLab, Scaled(cocaine)), (SiteType.StorageSite, Scaled(storage)) })
            {
                for (var i = 0; i < n; i++)
                {
                    var place = Municipality(r, country, weights);
                    var siteType = type == SiteType.SyntheticLab && r.NextDouble() < 0.15 ? SiteType.ConversionLab : type;
                    var (substance, market) = siteType switch
                    {
                        SiteType.CocaineExtractionLab => ("cocaine", Market.Cocaine),
                        SiteType.ConversionLab => ("BMK (from APAAN/MAPA)", Market.SyntheticDrugs),
                        SiteType.StorageSite => Pick(r, [(("precursors and equipment", Market.SyntheticDrugs), 80.0), (("cocaine-processing chemicals", Market.Cocaine), 20)]),
                        _ => Pick(r, SyntheticLabSubstances(country, year)),
                    };
                    var site = new ProductionSite
                    {
                        Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                        SourceOrganisation = country == "NL" ? "NL-POLITIE" : "BE-FEDPOL", ExternalId = NextId(ObservationKind.ProductionSite, year),
                        Market = market, Echelon = Echelon.Production, SiteType = siteType, Substance = substance,
                    };
                    Stamp(site, r, year, MonthsFlat, reportLagDays: 14);
                    yield return site;
                }
            }
        }
    }

    private static (( string, Market), double)[] SyntheticLabSubstances(string country, int year) => country == "NL"
        ? [(("MDMA", Market.SyntheticDrugs), 35.0), (("amphetamine", Market.SyntheticDrugs), 35), (("methamphetamine", Market.SyntheticDrugs), year >= 2019 ? 25 : 8), (("3-MMC", Market.NewPsychoactiveSubstances), 5)]
        : [(("MDMA", Market.SyntheticDrugs), 35.0), (("amphetamine", Market.SyntheticDrugs), 40), (("methamphetamine", Market.SyntheticDrugs), 5), (("synthetic cathinones", Market.NewPsychoactiveSubstances), year >= 2022 ? 25 : 5)];

    private IEnumerable<Observation> Dumpings(int year)
    {
        foreach (var country in new[] { "BE", "NL" })
        {
            var r = Rng(year, country == "BE" ? 50 : 51);
            var weights = ProvinceWeights(country, "dumpings");
            var n = Scaled(Figure("drug_waste_dumpings_found", country, year));
            for (var i = 0; i < n; i++)
            {
                // Belgian dumpings cluster in the Kempen along the Dutch border (arrondissement Turnhout).
                var place = country == "BE" && r.NextDouble() < 0.35 ? PickMunicipalityIn(r, "10000", "13000") : Municipality(r, country, weights);
                var litres = Math.Round(Math.Clamp(600 * Math.Exp(0.9 * Gaussian(r, 1)), 40, 20000));
                var d = new DumpingSite
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    SourceOrganisation = country == "NL" ? "NL-POLITIE" : "BE-FEDPOL", ExternalId = NextId(ObservationKind.DumpingSite, year),
                    Market = Market.SyntheticDrugs, Echelon = Echelon.Production,
                    Substance = Pick(r, [("amphetamine production waste", 45.0), ("MDMA production waste", 35), ("methamphetamine production waste", year >= 2019 ? 15 : 5), ("BMK conversion waste", 10)]),
                    Quantity = litres, Unit = QuantityUnit.Litre,
                };
                Stamp(d, r, year, MonthsFlat, reportLagDays: 7);
                yield return d;
            }
        }
    }

    // ---- precursors, partner signals ----------------------------------------------------------------

    private static readonly ((string Chemical, string Category, Market Market), double W)[] Chemicals =
    [
        (("BMK (benzyl methyl ketone)", "1", Market.SyntheticDrugs), 10), (("PMK glycidate", "1", Market.SyntheticDrugs), 8),
        (("APAAN", "1", Market.SyntheticDrugs), 6), (("MAPA", "1", Market.SyntheticDrugs), 6), (("ephedrine", "1", Market.SyntheticDrugs), 2),
        (("acetic anhydride", "2", Market.HeroinOpioids), 4), (("potassium permanganate", "2", Market.Cocaine), 8),
        (("hydrochloric acid", "3", Market.Cocaine), 10), (("sulphuric acid", "3", Market.SyntheticDrugs), 8), (("acetone", "3", Market.Cocaine), 9),
        (("formamide", "voluntary", Market.SyntheticDrugs), 7), (("methylamine", "voluntary", Market.SyntheticDrugs), 6),
        (("caustic soda (sodium hydroxide)", "unscheduled", Market.SyntheticDrugs), 9), (("tartaric acid", "voluntary", Market.SyntheticDrugs), 4),
        (("calcium chloride", "unscheduled", Market.Cocaine), 3),
    ];

    private IEnumerable<Observation> ChemicalReports(int year)
    {
        var r = Rng(year, 60);
        var growth = 1 + (0.08 * (year - 2015));
        foreach (var (country, org, baseCount) in new[] { ("BE", "BE-FAMHP", 140.0), ("NL", "NL-FIOD", 190.0) })
        {
            var weights = ProvinceWeights(country, "labs");
            for (var i = Scaled(baseCount * growth); i > 0; i--)
            {
                var place = Municipality(r, country, weights);
                var (chemical, category, market) = Pick(r, Chemicals);
                var litres = chemical.Contains("acid", StringComparison.Ordinal) || chemical is "acetone" or "formamide" or "methylamine" || chemical.StartsWith("BMK", StringComparison.Ordinal);
                var c = new ChemicalOrderReport
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                    SourceOrganisation = org, ExternalId = NextId(ObservationKind.ChemicalOrderReport, year), Market = market, Echelon = Echelon.Production,
                    Chemical = chemical, Category = category, Quantity = Math.Round(Math.Clamp(200 * Math.Exp(Gaussian(r, 1)), 5, 30000)),
                    Unit = litres ? QuantityUnit.Litre : QuantityUnit.Kilogram,
                    Channel = country == "BE" ? Pick(r, [(ReportChannel.FamhpHotline, 50.0), (ReportChannel.Portal, 35), (ReportChannel.Phone, 15)])
                        : Pick(r, [(ReportChannel.PoliceHotline, 45.0), (ReportChannel.Portal, 40), (ReportChannel.Phone, 15)]),
                    Notes = Pick(r, [("cash payment requested", 25.0), ("new customer, no end-use declaration", 30), ("quantity unusual for the declared activity", 30), ("delivery to a private address", 15)]),
                };
                Stamp(c, r, year, MonthsFlat, reportLagDays: 1);
                yield return c;
            }
        }
    }

    private IEnumerable<Observation> PartnerSignals(int year)
    {
        var r = Rng(year, 70);
        // Grid anomalies follow the plantations: one for about 30% of them (the rest are not flagged), plus
        // false alarms at 15%; same province weights, so the signal correlates with the plantation map.
        foreach (var country in new[] { "BE", "NL" })
        {
            var plantations = Scaled(PlantationFigure(country, year));
            var weights = ProvinceWeights(country, "plantations");
            for (var i = (int)Math.Round(plantations * 0.45); i > 0; i--)
            {
                var place = Municipality(r, country, weights);
                yield return Signal(r, year, country, place, country == "BE" ? "BE-GRID" : "NL-GRID", PartnerSignalType.UtilityAnomaly, Market.Cannabis,
                    Pick(r, [("consumption far above the connection's profile", 45.0), ("meter bypass suspected", 35), ("night-time load pattern", 20)]));
            }
            var labs = ProvinceWeights(country, "labs");
            var rentalOrg = country == "BE" ? "BE-ARIEC-ANT" : "NL-POLITIE";
            for (var i = Scaled(country == "BE" ? 60 : 90); i > 0; i--)
            {
                var place = country == "BE" ? PickMunicipalityIn(r, "10000", null) : Municipality(r, country, labs);
                var type = r.NextDouble() < 0.7 ? PartnerSignalType.RentalPattern : PartnerSignalType.RealEstate;
                yield return Signal(r, year, country, place, rentalOrg, type, Market.SyntheticDrugs,
                    type == PartnerSignalType.RentalPattern ? Pick(r, [("shed or barn rented for cash, short term", 50.0), ("tenant via a front company", 30), ("rent paid a year in advance", 20)])
                        : Pick(r, [("rural property bought in cash", 60.0), ("rapid resale between related companies", 40)]));
            }
            for (var i = Scaled(country == "BE" ? 80 : 110); i > 0; i--)
            {
                var place = Municipality(r, country, ProvinceWeights(country, "population"));
                yield return Signal(r, year, country, place, country == "BE" ? "BE-CUSTOMS" : "NL-DOUANE", PartnerSignalType.CourierParcel,
                    Pick(r, [(Market.SyntheticDrugs, 50.0), (Market.Cannabis, 25), (Market.Cocaine, 25)]),
                    Pick(r, [("repeat outbound parcels to Australia", 30.0), ("vacuum-sealed contents on X-ray", 40), ("sender details inconsistent", 30)]));
            }
        }
    }

    private PartnerSignal Signal(Random r, int year, string country, Place place, string org, PartnerSignalType type, Market market, string note)
    {
        var s = new PartnerSignal
        {
            Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code, SourceOrganisation = org,
            ExternalId = NextId(ObservationKind.PartnerSignal, year), Market = market,
            Echelon = type == PartnerSignalType.CourierParcel ? Echelon.MiddleMarket : Echelon.Production, SignalType = type, Notes = note,
        };
        Stamp(s, r, year, type == PartnerSignalType.UtilityAnomaly ? MonthsWinterPeak : MonthsFlat, reportLagDays: 2);
        return s;
    }

    // ---- violence ----------------------------------------------------------------------------------

    // Incidents per year at scale 1: Antwerp explosions peaked 2022-2023, Brussels shootings rose 2023-2025.
    private static readonly Dictionary<int, (double Be, double Nl)> ViolencePerYear = new()
    {
        [2014] = (30, 30), [2015] = (35, 35), [2016] = (40, 40), [2017] = (50, 45), [2018] = (65, 55), [2019] = (85, 70),
        [2020] = (100, 90), [2021] = (130, 120), [2022] = (180, 160), [2023] = (230, 180), [2024] = (290, 200), [2025] = (330, 190),
    };

    private static readonly (string Municipality, double Lat, double Lon, double W)[] ViolenceBackground =
    [
        ("21004", 50.8467, 4.3525, 20), ("52011", 50.4108, 4.4446, 15), ("62063", 50.6326, 5.5797, 15), ("44021", 51.0543, 3.7174, 15),
        ("12025", 51.0257, 4.4776, 10), ("71022", 50.9307, 5.3325, 5), ("11002", 51.2194, 4.4025, 20),
    ];

    private static readonly (string Municipality, double Lat, double Lon, double W)[] DutchViolenceCities =
    [
        ("GM0599", 51.9244, 4.4777, 30), ("GM0363", 52.3676, 4.9041, 25), ("GM0518", 52.0705, 4.3007, 12), ("GM0344", 52.0907, 5.1214, 10),
        ("GM0772", 51.4416, 5.4697, 8), ("GM0855", 51.5555, 5.0913, 8), ("GM0758", 51.5719, 4.7683, 7),
    ];

    private IEnumerable<Observation> Violence(int year)
    {
        var r = Rng(year, 80);
        var (be, nl) = ViolencePerYear[year];
        var hotspots = PlantedHotspots.All
            .Select(h => (h, W: h.Weight * (h.City == "Brussels" && year >= 2023 ? 2.0 : 1.0) * (h.City == "Antwerp" && year is >= 2019 and <= 2023 ? 1.6 : 1.0)))
            .ToArray();
        var last = new (double Lat, double Lon, DateTime At)?[hotspots.Length];
        for (var i = Scaled(be); i > 0; i--)
        {
            if (r.NextDouble() < 0.8)
            {
                var k = PickIndex(r, hotspots.Select(x => x.W).ToArray());
                var h = hotspots[k].h;
                double lat, lon;
                DateTime at;
                if (last[k] is { } prev && r.NextDouble() < 0.35)
                {
                    // Near repeat: close to the previous incident at this hotspot, a few days later.
                    lat = prev.Lat + MetresToLat(Gaussian(r, 80));
                    lon = prev.Lon + MetresToLon(Gaussian(r, 80), prev.Lat);
                    at = Min(prev.At.AddDays(1 + r.Next(10)).AddHours(r.Next(24)), new DateTime(year, 12, 31, 23, 0, 0, DateTimeKind.Utc));
                }
                else
                {
                    lat = h.Latitude + MetresToLat(Gaussian(r, h.SpreadMetres));
                    lon = h.Longitude + MetresToLon(Gaussian(r, h.SpreadMetres), h.Latitude);
                    at = Date(r, year, MonthsSummer);
                }
                last[k] = (lat, lon, at);
                yield return Incident(r, year, "BE", _byCode[h.MunicipalityCode], lat, lon, at, h.City == "Antwerp");
            }
            else
            {
                var b = Pick(r, ViolenceBackground.Select(x => (x, x.W)).ToArray());
                yield return Incident(r, year, "BE", _byCode[b.Municipality], b.Lat + MetresToLat(Gaussian(r, 2500)),
                    b.Lon + MetresToLon(Gaussian(r, 2500), b.Lat), Date(r, year, MonthsSummer), antwerp: false);
            }
        }
        for (var i = Scaled(nl); i > 0; i--)
        {
            var c = Pick(r, DutchViolenceCities.Select(x => (x, x.W)).ToArray());
            yield return Incident(r, year, "NL", _byCode[c.Municipality], c.Lat + MetresToLat(Gaussian(r, 3000)),
                c.Lon + MetresToLon(Gaussian(r, 3000), c.Lat), Date(r, year, MonthsSummer), antwerp: true);
        }
    }

    private ViolenceIncident Incident(Random r, int year, string country, Place place, double lat, double lon, DateTime at, bool antwerp)
    {
        // Antwerp and Dutch incidents are mostly explosions and arson at homes (port-related disputes);
        // Brussels incidents mostly shootings around selling points.
        var type = antwerp
            ? Pick(r, [(IncidentType.Explosion, 45.0), (IncidentType.Shooting, 20), (IncidentType.Arson, 15), (IncidentType.Intimidation, 20)])
            : Pick(r, [(IncidentType.Shooting, 55.0), (IncidentType.Intimidation, 20), (IncidentType.Arson, 10), (IncidentType.Explosion, 15)]);
        var v = new ViolenceIncident
        {
            Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
            Latitude = Math.Round(lat, 6), Longitude = Math.Round(lon, 6),
            SourceOrganisation = country == "NL" ? "NL-POLITIE" : (r.NextDouble() < 0.7 ? "BE-LOCPOL" : "BE-FEDPOL"),
            ExternalId = NextId(ObservationKind.ViolenceIncident, year), Market = Market.Cocaine,
            Echelon = antwerp ? Echelon.ImportTransit : Echelon.Retail, IncidentType = type,
            Casualties = type == IncidentType.Shooting ? Pick(r, [(0, 55.0), (1, 35), (2, 8), (3, 2)]) : (r.NextDouble() < 0.05 ? 1 : 0),
        };
        Stamp(v, r, at, reportLagDays: 0);
        return v;
    }

    // ---- health and research ------------------------------------------------------------------------

    private IEnumerable<Observation> LabFindings(int year)
    {
        var r = Rng(year, 90);
        foreach (var (country, org, baseCount) in new[] { ("BE", "BE-SCIENSANO", 300.0), ("NL", "NL-TRIMBOS", 500.0) })
        {
            // Nitazenes in vape refills appear in the early-warning reports from 2023 (see seeds).
            var nitazene = year >= 2024 ? 6.0 : year == 2023 ? 3 : 0;
            var hhc = year >= 2022 ? 6.0 : 0;
            (( string, Market, SampleForm), double)[] options =
            [
                (("MDMA", Market.SyntheticDrugs, SampleForm.Tablet), 25), (("MDMA", Market.SyntheticDrugs, SampleForm.Powder), 8),
                (("cocaine", Market.Cocaine, SampleForm.Powder), 22), (("amphetamine", Market.SyntheticDrugs, SampleForm.Powder), 12),
                (("ketamine", Market.SyntheticDrugs, SampleForm.Powder), 8), (("3-MMC", Market.NewPsychoactiveSubstances, SampleForm.Powder), 6),
                (("2C-B", Market.NewPsychoactiveSubstances, SampleForm.Tablet), 3), (("heroin", Market.HeroinOpioids, SampleForm.Powder), 3),
                (("cannabis (THC)", Market.Cannabis, SampleForm.PlantMaterial), 5), (("HHC", Market.NewPsychoactiveSubstances, SampleForm.VapeRefill), hhc),
                (("protonitazene", Market.HeroinOpioids, SampleForm.VapeRefill), nitazene * 0.5), (("metonitazene", Market.HeroinOpioids, SampleForm.VapeRefill), nitazene * 0.3),
                (("N-pyrrolidino etonitazene", Market.HeroinOpioids, SampleForm.VapeRefill), nitazene * 0.2),
            ];
            for (var i = Scaled(baseCount); i > 0; i--)
            {
                var (substance, market, form) = Pick(r, options);
                var place = Municipality(r, country, ProvinceWeights(country, "population"));
                var f = new LabFinding
                {
                    Country = country, RegionCode = place.ProvinceCode, MunicipalityCode = place.Code, SourceOrganisation = org,
                    ExternalId = NextId(ObservationKind.LabFinding, year), Market = market, Echelon = Echelon.Retail,
                    Substance = substance, SampleForm = form, Confirmation = r.NextDouble() < 0.6 ? Confirmation.Confirmed : Confirmation.Presumptive,
                    Purity = form == SampleForm.Powder ? Math.Round(substance == "cocaine" ? 55 + (r.NextDouble() * 30) : 20 + (r.NextDouble() * 60), 1) : null,
                    Notes = form == SampleForm.VapeRefill && market == Market.HeroinOpioids ? "sold as THC vape; synthetic opioid found" : null,
                };
                Stamp(f, r, year, MonthsSummer, reportLagDays: 10);
                yield return f;
            }
        }
    }

    // Wastewater sites (place column of wastewater_city_loads.csv) -> municipality.
    private static readonly (string Place, string Municipality)[] WastewaterSites =
    [
        ("Antwerp (Antwerpen-Zuid WWTP)", "11002"), ("Antwerp (Deurne WWTP)", "11002"), ("Brussels (Brussel-Noord WWTP)", "21004"),
        ("Boom (Boom WWTP)", "11005"), ("Brugge (Brugge WWTP)", "31005"), ("Koksijde (Wulpen WWTP)", "38014"), ("Oostende (Oostende WWTP)", "35013"),
        ("Ninove (Ninove WWTP)", "41048"), ("Geraardsbergen (Geraardsbergen WWTP)", "41018"), ("Merchtem (Merchtem WWTP)", "23052"),
        ("Ruisbroek (Puurs) (Ruisbroek WWTP)", "12041"), ("Amsterdam (RWZI Amsterdam-West)", "GM0363"), ("Eindhoven (RWZI Eindhoven)", "GM0772"),
        ("Utrecht (RWZI Utrecht)", "GM0344"), ("Nieuwegein Ijssel. (RWZI Nieuwegein WWTP)", "GM0356"), ("Oudewater (RWZI Oudewater WWTP)", "GM0589"),
        ("Rotterdam", "GM0599"), ("Leeuwarden", "GM0080"),
    ];

    private static readonly (string Token, string Substance, Market Market)[] WastewaterSubstances =
    [
        ("cocaine_benzoylecgonine", "cocaine (benzoylecgonine)", Market.Cocaine), ("cannabis_thccooh", "cannabis (THC-COOH)", Market.Cannabis),
        ("mdma", "MDMA", Market.SyntheticDrugs), ("amphetamine", "amphetamine", Market.SyntheticDrugs), ("methamphetamine", "methamphetamine", Market.SyntheticDrugs),
    ];

    /// <summary>The chosen mean daily loads for a year: (site, municipality, substance, market, load).</summary>
    internal IEnumerable<(string Site, string Municipality, string Substance, Market Market, double Load)> WastewaterLoads(int year)
    {
        foreach (var (site, municipality) in WastewaterSites)
        {
            foreach (var (token, substance, market) in WastewaterSubstances)
            {
                var rows = _figures.Rows.Where(x => x.Series == $"wastewater_{token}_mean_daily" && x.Place == site && x.Year == year).ToList();
                if (rows.Count > 0)
                {
                    yield return (site, municipality, substance, market, DemoFigures.Choose(rows).Value);
                }
            }
        }
    }

    private IEnumerable<Observation> Wastewater(int year)
    {
        var r = Rng(year, 100);
        foreach (var (site, municipality, substance, market, load) in WastewaterLoads(year))
        {
            var place = _byCode[municipality];
            // One row per site, year and substance: the published mean of the sampling week (EUDA's headline figure).
            var sampled = new DateTime(year, 3, 10, 8, 0, 0, DateTimeKind.Utc).AddDays(r.Next(60));
            var w = new WastewaterMeasurement
            {
                Country = municipality.StartsWith("GM", StringComparison.Ordinal) ? "NL" : "BE", RegionCode = place.ProvinceCode, MunicipalityCode = place.Code,
                SourceOrganisation = "EU-EUDA", ExternalId = NextId(ObservationKind.WastewaterMeasurement, year), Market = market, Echelon = Echelon.Retail,
                Substance = substance, Load = load,
                Notes = site + (site.StartsWith("Eindhoven", StringComparison.Ordinal) && market == Market.SyntheticDrugs
                    ? "; inflated by production waste dumped into the sewer (KWR, Trimbos): not consumption" : ""),
            };
            Stamp(w, r, sampled, reportLagDays: 0);
            // EUDA publishes a campaign the following March.
            w.ReportedAt = new DateTime(year + 1, 3, 15, 9, 0, 0, DateTimeKind.Utc);
            w.RecordedAt = w.ReportedAt.Value.AddDays(1);
            yield return w;
        }
    }

    // ---- places ------------------------------------------------------------------------------------

    // Province weights per theme. BE plantations: the one provincial figure (Antwerp 2018: 195 to 26 Nov,
    // about 17% of the national count) anchors Antwerp; the rest follows DISMARK's picture (Limburg, East Flanders,
    // Antwerp most affected). NL plantations: the 2016-2020 police-unit table, units spread over their provinces.
    private readonly Dictionary<(string, string), (string Code, double W)[]> _weights = [];

    private (string Code, double W)[] ProvinceWeights(string country, string theme)
    {
        if (_weights.TryGetValue((country, theme), out var cached))
        {
            return cached;
        }
        (string, double)[] w = (country, theme) switch
        {
            ("BE", "plantations") => [("10000", 18), ("70000", 16), ("40000", 14), ("30000", 9), ("20001", 8), ("50000", 10), ("60000", 9), ("04000", 4), ("90000", 5), ("20002", 3), ("80000", 4)],
            ("NL", "plantations") => NlPlantationWeights(),
            ("BE", "labs") => [("10000", 40), ("70000", 25), ("40000", 10), ("30000", 5), ("60000", 7), ("50000", 5), ("90000", 3), ("80000", 3), ("20001", 2)],
            ("NL", "labs") => [("PV30", 30), ("PV28", 20), ("PV31", 15), ("PV25", 12), ("PV23", 5), ("PV26", 5), ("PV27", 5), ("PV29", 3), ("PV22", 2), ("PV24", 2), ("PV20", 0.5), ("PV21", 0.5)],
            ("BE", "dumpings") => [("10000", 45), ("70000", 30), ("40000", 8), ("30000", 5), ("60000", 6), ("50000", 4), ("20001", 2)],
            // NL 2023: NB 42, ZH 33, GE 31, LI 30 of 191; 2021: LI 61, NB 47 of 208.
            ("NL", "dumpings") => [("PV30", 30), ("PV31", 22), ("PV28", 12), ("PV25", 12), ("PV23", 6), ("PV26", 5), ("PV27", 4), ("PV29", 4), ("PV22", 2), ("PV24", 2), ("PV20", 0.5), ("PV21", 0.5)],
            ("BE", _) => [("10000", 18), ("04000", 12), ("40000", 14), ("30000", 11), ("50000", 12), ("60000", 10), ("20001", 10), ("70000", 8), ("90000", 5), ("20002", 4), ("80000", 3)],
            _ => [("PV28", 21), ("PV27", 17), ("PV30", 15), ("PV25", 12), ("PV26", 8), ("PV23", 7), ("PV31", 6), ("PV20", 3), ("PV21", 4), ("PV22", 3), ("PV24", 2), ("PV29", 2)],
        };
        _weights[(country, theme)] = w;
        return w;
    }

    private static readonly (string Unit, string[] Provinces)[] PoliceUnitProvinces =
    [
        ("Noord-Nederland", ["PV20", "PV21", "PV22"]), ("Oost-Nederland", ["PV23", "PV25"]), ("Midden-Nederland", ["PV26", "PV24"]),
        ("Noord-Holland", ["PV27"]), ("Amsterdam", ["PV27"]), ("Den Haag", ["PV28"]), ("Rotterdam", ["PV28"]),
        ("Zeeland-West-Brabant", ["PV29", "PV30"]), ("Oost-Brabant", ["PV30"]), ("Limburg", ["PV31"]),
    ];

    private (string, double)[] NlPlantationWeights()
    {
        var byProvince = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (unit, provinces) in PoliceUnitProvinces)
        {
            var total = _figures.Rows.Where(x => x.Series == "cannabis_plantations_dismantled_by_police_unit" && x.Place == unit && x.Year is >= 2016 and <= 2020).Sum(x => x.Value);
            foreach (var p in provinces)
            {
                byProvince[p] = byProvince.GetValueOrDefault(p) + (total / provinces.Length);
            }
        }
        return [.. byProvince.Select(kv => (kv.Key, kv.Value))];
    }

    private Place Municipality(Random r, string country, (string Code, double W)[] provinceWeights) =>
        PickMunicipalityIn(r, Pick(r, provinceWeights), null);

    private Place PickMunicipalityIn(Random r, string province, string? arrondissement)
    {
        var all = _municipalitiesByProvince[province];
        if (arrondissement is not null)
        {
            all = [.. all.Where(p => p.ParentCode == arrondissement)];
        }
        return all[r.Next(all.Length)];
    }

    // ---- time, marking, ids, randomness -------------------------------------------------------------

    private static readonly double[] MonthsFlat = [8, 8, 9, 8, 8, 8, 7, 7, 8, 9, 9, 8];
    private static readonly double[] MonthsSummer = [7, 7, 8, 8, 9, 10, 10, 9, 9, 8, 8, 7];
    // Indoor cannabis and grid anomalies show most in the heating season.
    private static readonly double[] MonthsWinterPeak = [11, 10, 9, 8, 7, 6, 6, 6, 7, 9, 10, 11];

    private static DateTime Date(Random r, int year, double[] monthWeights)
    {
        var month = PickIndex(r, monthWeights) + 1;
        var day = 1 + r.Next(DateTime.DaysInMonth(year, month));
        return new DateTime(year, month, day, r.Next(24), r.Next(60), 0, DateTimeKind.Utc);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static void Stamp(Observation o, Random r, int year, double[] monthWeights, int reportLagDays) =>
        Stamp(o, r, Date(r, year, monthWeights), reportLagDays);

    private static void Stamp(Observation o, Random r, DateTime occurred, int reportLagDays)
    {
        o.OccurredAt = occurred;
        o.ReportedAt = occurred.AddDays(reportLagDays + r.Next(reportLagDays + 2)).AddHours(r.Next(8));
        // Derived, never the clock: the demo world is the same whenever it is generated.
        o.RecordedAt = o.ReportedAt.Value.AddHours(1 + r.Next(48));
        Mark(o, r);
        Release(o);
    }

    /// <summary>Releasability follows from what is already drawn (no extra random draws, so figures stay as they were):
    /// AMBER goes to the owner's standing group (port seizures also to the BE-NL port partners), RED to one named
    /// prosecuting partner, GREEN/CLEAR to the whole community, AMBER+STRICT stays with the owner.</summary>
    private static void Release(Observation o)
    {
        var be = o.Country == "BE";
        var lawEnforcement = LawEnforcement.Contains(o.SourceOrganisation);
        o.ReleasableTo = o.Tlp switch
        {
            Tlp.Amber when lawEnforcement && o is Seizure { Port: not null } => [be ? "BE-LAW-ENFORCEMENT" : "NL-LAW-ENFORCEMENT", "BENELUX-PORTS"],
            Tlp.Amber when lawEnforcement => [be ? "BE-LAW-ENFORCEMENT" : "NL-LAW-ENFORCEMENT"],
            Tlp.Amber when o.SourceOrganisation is "BE-SCIENSANO" or "NL-TRIMBOS" or "BE-NICC" => ["PUBLIC-HEALTH"],
            Tlp.Amber => [be ? "BE-ADMINISTRATIVE" : "NL-LAW-ENFORCEMENT"],
            Tlp.Red when lawEnforcement => [be ? "BE-PROSECUTION" : "NL-FIOD"],
            _ => [],
        };
    }

    private static readonly HashSet<string> LawEnforcement =
        new(["BE-FEDPOL", "BE-LOCPOL", "BE-CUSTOMS", "BE-PROSECUTION", "NL-POLITIE", "NL-HARC", "NL-DOUANE", "NL-FIOD"], StringComparer.Ordinal);

    private static void Mark(Observation o, Random r)
    {
        var org = o.SourceOrganisation;
        if (LawEnforcement.Contains(org))
        {
            // Police, customs and prosecution records: LED (Dir. 2016/680).
            o.LegalRegime = LegalRegime.LawEnforcementDirective;
            o.Tlp = Pick(r, [(Tlp.Amber, 58.0), (Tlp.Green, 18), (Tlp.AmberStrict, 14), (Tlp.Red, 10)]);
            o.Handling = Pick(r, [(HandlingCode.H1, 45.0), (HandlingCode.H0, 25), (HandlingCode.H2, 20), (HandlingCode.H3, 10)]);
            o.SourceGrade = Pick(r, [(SourceGrade.A, 40.0), (SourceGrade.B, 50), (SourceGrade.C, 10)]);
            o.InformationGrade = Pick(r, [(InformationGrade.KnownTrue, 30.0), (InformationGrade.KnownToSource, 40), (InformationGrade.NotKnownCorroborated, 25), (InformationGrade.CannotBeJudged, 5)]);
        }
        else if (org == "EU-EUDA")
        {
            o.LegalRegime = LegalRegime.Gdpr;
            o.Tlp = Tlp.Clear;
            o.Handling = HandlingCode.H0;
            o.SourceGrade = SourceGrade.A;
            o.InformationGrade = InformationGrade.KnownTrue;
        }
        else if (org is "BE-SCIENSANO" or "NL-TRIMBOS" or "BE-NICC")
        {
            o.LegalRegime = LegalRegime.Gdpr;
            o.Tlp = Pick(r, [(Tlp.Green, 65.0), (Tlp.Clear, 20), (Tlp.Amber, 15)]);
            o.Handling = Pick(r, [(HandlingCode.H0, 60.0), (HandlingCode.H2, 25), (HandlingCode.H3, 15)]);
            o.SourceGrade = Pick(r, [(SourceGrade.A, 70.0), (SourceGrade.B, 30)]);
            o.InformationGrade = o is LabFinding { Confirmation: Confirmation.Confirmed } ? InformationGrade.KnownTrue : InformationGrade.NotKnownCorroborated;
        }
        else
        {
            // Partners (grid operators, FAMHP reports from industry, ARIEC): GDPR.
            o.LegalRegime = LegalRegime.Gdpr;
            o.Tlp = Pick(r, [(Tlp.Amber, 50.0), (Tlp.Green, 40), (Tlp.Red, 5), (Tlp.AmberStrict, 5)]);
            o.Handling = Pick(r, [(HandlingCode.H2, 40.0), (HandlingCode.H0, 30), (HandlingCode.H3, 20), (HandlingCode.H1, 10)]);
            o.SourceGrade = Pick(r, [(SourceGrade.B, 50.0), (SourceGrade.C, 35), (SourceGrade.X, 15)]);
            o.InformationGrade = Pick(r, [(InformationGrade.KnownToSource, 30.0), (InformationGrade.NotKnownCorroborated, 45), (InformationGrade.CannotBeJudged, 25)]);
        }
    }

    private string NextId(ObservationKind kind, int year)
    {
        var n = _serial.GetValueOrDefault((kind, year)) + 1;
        _serial[(kind, year)] = n;
        return string.Create(CultureInfo.InvariantCulture, $"{GenerateDemoWorld.ExternalIdPrefix}{KindSlug(kind)}-{year}-{n}");
    }

    private static string KindSlug(ObservationKind kind) => kind switch
    {
        ObservationKind.Seizure => "seizure",
        ObservationKind.ProductionSite => "site",
        ObservationKind.DumpingSite => "dumping",
        ObservationKind.ChemicalOrderReport => "chemical",
        ObservationKind.PartnerSignal => "signal",
        ObservationKind.ViolenceIncident => "violence",
        ObservationKind.LabFinding => "labfinding",
        _ => "wastewater",
    };

    private Random Rng(int year, int stream) => new(unchecked((_request.Seed * 1_000_003) + (year * 7_919) + (stream * 104_729)));

    private static T Pick<T>(Random r, (T Item, double W)[] options)
    {
        var total = 0.0;
        foreach (var o in options)
        {
            total += o.W;
        }
        var x = r.NextDouble() * total;
        foreach (var o in options)
        {
            if (o.W <= 0)
            {
                continue;
            }
            x -= o.W;
            if (x < 0)
            {
                return o.Item;
            }
        }
        return options.Last(o => o.W > 0).Item;
    }

    private static int PickIndex(Random r, double[] weights)
    {
        var x = r.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    /// <summary>Normal deviate (Box-Muller).</summary>
    private static double Gaussian(Random r, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double MetresToLat(double m) => m / 111_320.0;
    private static double MetresToLon(double m, double lat) => m / (111_320.0 * Math.Cos(lat * Math.PI / 180));
}
