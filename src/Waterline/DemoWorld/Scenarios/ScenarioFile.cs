using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Waterline.Displacement;
using Waterline.Intake;
using Waterline.Observations;

namespace Waterline.DemoWorld.Scenarios;

/// <summary>A world with known truth (issue #7): areas, periods, the true market size and enforcement effort per area and
/// period, detection sources, dated events and the labelled episodes. Read from JSON by <see cref="ScenarioFile"/>; the
/// layout is described in src/Waterline/DemoWorld/README.md ("Scenarios with known truth").</summary>
/// <remarks>
/// <para>Name: Lower-case letters, digits and '-', at most 40 (it becomes part of every synthetic external id).</para>
/// <para>Overdispersion: NB2 α of the true size around its expected value (a gamma multiplier per area and period); 0: Poisson.</para>
/// <para>Dependence: d in [0, 1): each unit is "visible" (every detection probability × (1 + d)) or "hidden" (× (1 − d)) with even odds, so sources find the same units more often than chance (positive dependence); 0: independent sources.</para>
/// <para>AnalystHasEffort: Whether the analyst reading this world has the effort series (classification uses it).</para>
/// </remarks>
public sealed record Scenario(string Name, string Title, string Description, ScenarioPeriods Periods, string Unit,
    ScenarioObservation Observation, ScenarioSource[] Sources, ScenarioArea[] Areas, ScenarioEvent[]? Events = null,
    ScenarioEpisode[]? Episodes = null, double Overdispersion = 0, double Dependence = 0, bool AnalystHasEffort = false)
{
    /// <summary>Every period from From to To, inclusive.</summary>
    public SeriesPeriod[] PeriodList()
    {
        SeriesPeriod.TryParse(Periods.From, out var from);
        SeriesPeriod.TryParse(Periods.To, out var to);
        var list = new List<SeriesPeriod>();
        for (var p = from; p.CompareTo(to) <= 0; p = Next(p))
            list.Add(p);
        return [.. list];
    }

    internal static SeriesPeriod Next(SeriesPeriod p) => p.Month is { } m
        ? (m == 12 ? new SeriesPeriod(p.Year + 1, 1) : new SeriesPeriod(p.Year, m + 1))
        : new SeriesPeriod(p.Year + 1, null);

    public ScenarioSource EffortSource => Sources.Single(s => s.FollowsEffort);
}

/// <remarks>
/// <para>From: First period: 2010 or 2015-01.</para>
/// <para>To: Last period, of the same kind.</para>
/// </remarks>
public sealed record ScenarioPeriods(string From, string To);

/// <summary>How every detection is written in the intake CSV: the kind, market, echelon and constant extra columns
/// (for example site_type).</summary>
public sealed record ScenarioObservation(string Kind, string Market, string Echelon, Dictionary<string, string>? Fields = null);

/// <remarks>
/// <para>Organisations: Country (BE, NL) → organisation code the source reports under there.</para>
/// <para>FollowsEffort: The police source: its detection probability scales with the area's effort, and its detections are the observed series. Exactly one source follows effort.</para>
/// </remarks>
public sealed record ScenarioSource(string Name, Dictionary<string, string> Organisations, bool FollowsEffort = false);

/// <remarks>
/// <para>Detection: Source name → detection probability per unit at the effort baseline.</para>
/// </remarks>
public sealed record ScenarioArea(string Name, ScenarioPlace Place, ScenarioCurve Size, ScenarioCurve Effort, Dictionary<string, double> Detection);

/// <summary>Where the area's observations are placed in the intake file (country always; a province, municipality, port or
/// transport mode when the area is one).</summary>
public sealed record ScenarioPlace(string Country, string? Region = null, string? Municipality = null, string? Port = null, string? TransportMode = null);

/// <summary>A level per period: Baseline in the first period, then × (1 + growth) each period, the growth being that of the
/// last segment that has started (Growth before any); monthly curves are multiplied by Seasonality (12 factors, January first,
/// rescaled to mean 1).</summary>
public sealed record ScenarioCurve(double Baseline, double Growth = 0, ScenarioSegment[]? Segments = null, double[]? Seasonality = null);

/// <remarks>
/// <para>From: The first period that grows by Growth relative to the one before.</para>
/// </remarks>
public sealed record ScenarioSegment(string From, double Growth);

/// <summary>A dated event in one area: type scanner, crackdown or policy. From the date on, EffortFactor multiplies the
/// area's effort (the analyst's series shows it), DetectionFactor multiplies the detection probability of Sources (all when
/// empty) without showing in the effort series, and Displace moves a fraction of the area's true market to another area.
/// A date inside a period takes effect in proportion to the part of the period after it.</summary>
public sealed record ScenarioEvent(string Type, string Area, string From, string? Name = null, double EffortFactor = 1,
    double DetectionFactor = 1, string[]? Sources = null, ScenarioDisplacement? Displace = null);

/// <remarks>
/// <para>Fraction: Share of the area's true market that moves (0, 1].</para>
/// <para>To: The neighbour that receives it.</para>
/// <para>RampPeriods: Periods over which the move builds up linearly (1: at once).</para>
/// </remarks>
public sealed record ScenarioDisplacement(double Fraction, string To, int RampPeriods = 1);

/// <summary>A labelled window: what the true market did (shift, expansion, contraction, stable), from and to which areas.</summary>
public sealed record ScenarioEpisode(string From, string To, string Class, string[]? FromAreas = null, string[]? ToAreas = null,
    string[]? Interventions = null, string? Note = null);

/// <summary>Reads and checks scenario JSON. Every refusal is a <see cref="FormatException"/> that names the file and the field
/// by its JSON path, for example <c>waterbed.json: $.areas[1].size.baseline: must be positive, not -3</c>.</summary>
public static partial class ScenarioFile
{
    public static readonly string[] Classes = ["shift", "expansion", "contraction", "stable"];
    public static readonly string[] EventTypes = ["scanner", "crackdown", "policy"];
    private const int MaxPeriods = 240;
    private const int MaxSources = 5;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The scenarios shipped inside Waterline (embedded resources <c>scenarios/NAME.json</c>), by name.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [.. typeof(ScenarioFile).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n["scenarios/".Length..^".json".Length]).Order(StringComparer.Ordinal)];

    /// <summary>A built-in scenario by name, or a scenario file by path.</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a built-in name.</exception>
    public static Scenario Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (File.Exists(nameOrPath))
            return Parse(File.ReadAllText(nameOrPath), Path.GetFileName(nameOrPath));
        var resource = $"scenarios/{nameOrPath}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"'{nameOrPath}' is neither a file nor a built-in scenario ({string.Join(", ", BuiltIn)})");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), resource);
    }

    /// <param name="json">The file's text.</param>
    /// <param name="source">The name used in messages (the file name).</param>
    public static Scenario Parse(string json, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Options);
        }
        catch (JsonException e)
        {
            // System.Text.Json appends "Path: ... | LineNumber ..."; keep the first sentence and name the path ourselves.
            var message = e.Message.Split(" Path:", 2)[0];
            throw new FormatException($"{source}: {e.Path ?? "$"}: {message}", e);
        }
        if (scenario is null)
            throw new FormatException($"{source}: $: the file holds null, not a scenario");
        new Check(source).Scenario(scenario);
        return scenario;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();

    private sealed class Check(string source)
    {
        private FormatException Fail(string path, string message) => new($"{source}: {path}: {message}");

        private static string N(double v) => v.ToString("G", CultureInfo.InvariantCulture);

        public void Scenario(Scenario s)
        {
            if (!NamePattern().IsMatch(s.Name))
                throw Fail("$.name", $"'{s.Name}' must be lower-case letters, digits and '-', at most 40 characters");
            if (s.Title.Trim().Length == 0)
                throw Fail("$.title", "is empty");
            if (s.Description.Trim().Length == 0)
                throw Fail("$.description", "is empty; state what the scenario plants and the assumptions behind its sizes");
            if (s.Unit.Trim().Length == 0)
                throw Fail("$.unit", "is empty (what one unit of the market is, e.g. plantation)");
            var (from, to) = (Period("$.periods.from", s.Periods.From), Period("$.periods.to", s.Periods.To));
            if (from.Month is null != to.Month is null)
                throw Fail("$.periods.to", $"'{s.Periods.To}' is not of the same kind (year or year-month) as from '{s.Periods.From}'");
            if (to.CompareTo(from) < 0)
                throw Fail("$.periods.to", $"'{s.Periods.To}' comes before from '{s.Periods.From}'");
            var periods = s.PeriodList();
            if (periods.Length > MaxPeriods)
                throw Fail("$.periods", $"{periods.Length} periods; at most {MaxPeriods}");
            var monthly = from.Month is not null;
            Observation(s.Observation);
            if (!(s.Overdispersion >= 0 && s.Overdispersion <= 1))
                throw Fail("$.overdispersion", $"must lie in [0, 1], not {N(s.Overdispersion)}");
            if (!(s.Dependence >= 0 && s.Dependence < 1))
                throw Fail("$.dependence", $"must lie in [0, 1), not {N(s.Dependence)}");
            if (s.Sources.Length is 0 or > MaxSources)
                throw Fail("$.sources", $"{s.Sources.Length} sources; 1 to {MaxSources} are allowed");
            var sourceNames = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Sources.Length; i++)
            {
                var source = s.Sources[i];
                if (!NamePattern().IsMatch(source.Name))
                    throw Fail($"$.sources[{i}].name", $"'{source.Name}' must be lower-case letters, digits and '-'");
                if (!sourceNames.Add(source.Name))
                    throw Fail($"$.sources[{i}].name", $"'{source.Name}' appears twice");
                foreach (var (country, code) in source.Organisations)
                {
                    if (country is not ("BE" or "NL"))
                        throw Fail($"$.sources[{i}].organisations.{country}", "the country must be BE or NL");
                    if (!KnownOrganisations.All.Any(o => o.Code == code && o.Country == country))
                        throw Fail($"$.sources[{i}].organisations.{country}", $"'{code}' is not a known {country} organisation code");
                }
            }
            if (s.Sources.Count(x => x.FollowsEffort) != 1)
                throw Fail("$.sources", "exactly one source must have followsEffort: true (the police source behind the observed series)");
            if (s.Areas.Length < 2)
                throw Fail("$.areas", $"{s.Areas.Length} areas; at least 2 are needed");
            var areaNames = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Areas.Length; i++)
            {
                var a = s.Areas[i];
                var path = $"$.areas[{i}]";
                if (!NamePattern().IsMatch(a.Name.ToLowerInvariant()))
                    throw Fail($"{path}.name", $"'{a.Name}' must be letters, digits and '-' (it becomes part of external ids)");
                if (!areaNames.Add(a.Name))
                    throw Fail($"{path}.name", $"'{a.Name}' appears twice");
                if (a.Place.Country is not ("BE" or "NL"))
                    throw Fail($"{path}.place.country", $"'{a.Place.Country}' must be BE or NL");
                if (a.Place.Port is { } port && !(port.Length == 5 && port.All(char.IsAsciiLetterOrDigit)))
                    throw Fail($"{path}.place.port", $"'{port}' is not a UN/LOCODE such as BEANR");
                if (a.Place.TransportMode is { } mode && !VocabularyValues<TransportMode>.TryParse(mode, out _))
                    throw Fail($"{path}.place.transportMode", $"'{mode}' is not one of {VocabularyValues<TransportMode>.Expected}");
                Curve($"{path}.size", a.Size, monthly, from, to, 1e6);
                Curve($"{path}.effort", a.Effort, monthly, from, to, 1e9);
                for (var j = 0; j < s.Sources.Length; j++)
                {
                    if (!s.Sources[j].Organisations.ContainsKey(a.Place.Country))
                        throw Fail($"$.sources[{j}].organisations", $"no organisation for {a.Place.Country}, the country of area '{a.Name}'");
                    if (!a.Detection.TryGetValue(s.Sources[j].Name, out var p))
                        throw Fail($"{path}.detection", $"no probability for source '{s.Sources[j].Name}'");
                    if (!(p > 0 && p <= 1))
                        throw Fail($"{path}.detection.{s.Sources[j].Name}", $"must lie in (0, 1], not {N(p)}");
                }
                foreach (var key in a.Detection.Keys.Where(k => !sourceNames.Contains(k)))
                    throw Fail($"{path}.detection.{key}", $"'{key}' is not a source ({string.Join(", ", sourceNames)})");
            }
            var events = s.Events ?? [];
            for (var i = 0; i < events.Length; i++)
            {
                var e = events[i];
                var path = $"$.events[{i}]";
                if (!EventTypes.Contains(e.Type))
                    throw Fail($"{path}.type", $"'{e.Type}' is not one of {string.Join(", ", EventTypes)}");
                if (!areaNames.Contains(e.Area))
                    throw Fail($"{path}.area", $"'{e.Area}' is not an area ({string.Join(", ", areaNames)})");
                Date($"{path}.from", e.From);
                if (!(e.EffortFactor > 0 && double.IsFinite(e.EffortFactor)))
                    throw Fail($"{path}.effortFactor", $"must be positive, not {N(e.EffortFactor)}");
                if (!(e.DetectionFactor > 0 && double.IsFinite(e.DetectionFactor)))
                    throw Fail($"{path}.detectionFactor", $"must be positive, not {N(e.DetectionFactor)}");
                foreach (var (name, j) in (e.Sources ?? []).Select((n, j) => (n, j)))
                    if (!sourceNames.Contains(name))
                        throw Fail($"{path}.sources[{j}]", $"'{name}' is not a source");
                if (e.Displace is { } d)
                {
                    if (!(d.Fraction > 0 && d.Fraction <= 1))
                        throw Fail($"{path}.displace.fraction", $"must lie in (0, 1], not {N(d.Fraction)}");
                    if (!areaNames.Contains(d.To) || d.To == e.Area)
                        throw Fail($"{path}.displace.to", $"'{d.To}' is not another area");
                    if (d.RampPeriods < 1)
                        throw Fail($"{path}.displace.rampPeriods", $"must be at least 1, not {d.RampPeriods}");
                }
            }
            var episodes = s.Episodes ?? [];
            for (var i = 0; i < episodes.Length; i++)
            {
                var e = episodes[i];
                var path = $"$.episodes[{i}]";
                var (f, t) = (Period($"{path}.from", e.From), Period($"{path}.to", e.To));
                if (f.Month is not null != monthly || t.Month is not null != monthly || f.CompareTo(from) < 0 || t.CompareTo(to) > 0 || t.CompareTo(f) < 0)
                    throw Fail($"{path}", $"window {e.From}:{e.To} does not lie within the periods {s.Periods.From}:{s.Periods.To}");
                if (!Classes.Contains(e.Class))
                    throw Fail($"{path}.class", $"'{e.Class}' is not one of {string.Join(", ", Classes)}");
                foreach (var (list, name) in new[] { (e.FromAreas, "fromAreas"), (e.ToAreas, "toAreas") })
                    foreach (var (area, j) in (list ?? []).Select((a, j) => (a, j)))
                        if (!areaNames.Contains(area))
                            throw Fail($"{path}.{name}[{j}]", $"'{area}' is not an area");
                foreach (var (date, j) in (e.Interventions ?? []).Select((d, j) => (d, j)))
                    Date($"{path}.interventions[{j}]", date);
            }
        }

        private void Observation(ScenarioObservation o)
        {
            if (!IntakeFields.TryParseKind(o.Kind, out var kind))
                throw Fail("$.observation.kind", $"'{o.Kind}' is not one of {string.Join(", ", IntakeFields.KindNames)}");
            if (!VocabularyValues<Market>.TryParse(o.Market, out _))
                throw Fail("$.observation.market", $"'{o.Market}' is not one of {VocabularyValues<Market>.Expected}");
            if (!VocabularyValues<Echelon>.TryParse(o.Echelon, out _))
                throw Fail("$.observation.echelon", $"'{o.Echelon}' is not one of {VocabularyValues<Echelon>.Expected}");
            var columns = IntakeFields.For(kind);
            foreach (var key in (o.Fields ?? []).Keys)
                if (!columns.Contains(key) || IntakeFields.Common.Contains(key))
                    throw Fail($"$.observation.fields.{key}", $"'{key}' is not a {o.Kind} column of its own ({string.Join(", ", columns.Except(IntakeFields.Common))})");
        }

        private void Curve(string path, ScenarioCurve c, bool monthly, SeriesPeriod from, SeriesPeriod to, double max)
        {
            if (!(c.Baseline > 0 && c.Baseline <= max))
                throw Fail($"{path}.baseline", $"must be positive and at most {N(max)}, not {N(c.Baseline)}");
            if (!(c.Growth > -1 && c.Growth <= 10))
                throw Fail($"{path}.growth", $"must lie in (-1, 10], not {N(c.Growth)}");
            var previous = from;
            var segments = c.Segments ?? [];
            for (var i = 0; i < segments.Length; i++)
            {
                var p = Period($"{path}.segments[{i}].from", segments[i].From);
                if (p.Month is null == monthly || p.CompareTo(from) < 0 || p.CompareTo(to) > 0 || (i > 0 && p.CompareTo(previous) <= 0))
                    throw Fail($"{path}.segments[{i}].from", $"'{segments[i].From}' must be a period of the scenario after the previous segment's");
                previous = p;
                if (!(segments[i].Growth > -1 && segments[i].Growth <= 10))
                    throw Fail($"{path}.segments[{i}].growth", $"must lie in (-1, 10], not {N(segments[i].Growth)}");
            }
            if (c.Seasonality is { } s)
            {
                if (!monthly)
                    throw Fail($"{path}.seasonality", "only monthly scenarios have a seasonality");
                if (s.Length != 12)
                    throw Fail($"{path}.seasonality", $"{s.Length} factors; 12 are needed (January first)");
                for (var i = 0; i < 12; i++)
                    if (!(s[i] > 0 && double.IsFinite(s[i])))
                        throw Fail($"{path}.seasonality[{i}]", $"must be positive, not {N(s[i])}");
            }
        }

        private SeriesPeriod Period(string path, string text) => SeriesPeriod.TryParse(text, out var p) ? p
            : throw Fail(path, $"'{text}' is neither a year (2019) nor a year-month (2019-07)");

        private double Date(string path, string text) => SeriesPeriod.TryParseDate(text, out var t) ? t
            : throw Fail(path, $"'{text}' is not a date (2019, 2019-07 or 2019-07-15)");
    }
}
