using System.Globalization;
using Waterline.Observations;
using Waterline.Picture;

namespace Waterline.Displacement;

/// <summary>What the areas of a displacement analysis are.</summary>
public enum AreaDimension
{
    Country,
    /// <summary>Province (NIS for Belgium, CBS PVxx for the Netherlands).</summary>
    Province,
    /// <summary>UN/LOCODE of the seizure's port (seizures only).</summary>
    Port,
    /// <summary>The seizure's transport mode (seizures only).</summary>
    TransportMode,
}

public enum PeriodGranularity
{
    Year,
    Month,
}

/// <summary>The observations a displacement analysis counts and how: the API's query, the page's form and a watch's stored
/// selection are all this one query string, parsed by <see cref="Parse(Func{string, IEnumerable{string}})"/>.</summary>
/// <remarks>
/// <para>Areas: Area codes (BE, 10000, PV30, BEANR, SeaContainer); empty: every area with observations.</para>
/// <para>From: First period (inclusive), of the granularity's kind; null: the first with data.</para>
/// <para>To: Last period (inclusive); null: the last with data.</para>
/// <para>Window: Length of the rolling windows in periods (at least five).</para>
/// </remarks>
public sealed record DisplacementSelection(
    IReadOnlyList<Market> Markets,
    IReadOnlyList<Echelon> Echelons,
    IReadOnlyList<ObservationKind> Kinds,
    AreaDimension Dimension,
    IReadOnlyList<string> Areas,
    PeriodGranularity Granularity,
    SeriesPeriod? From,
    SeriesPeriod? To,
    int Window)
{
    /// <summary>Five years, or 24 months: long enough for a trend, short enough to follow a change.</summary>
    public static int DefaultWindow(PeriodGranularity granularity) => granularity == PeriodGranularity.Year ? 5 : 24;

    public static DisplacementSelection Default { get; } =
        new([], [], [], AreaDimension.Country, [], PeriodGranularity.Year, null, null, DefaultWindow(PeriodGranularity.Year));

    public sealed record Parsed(DisplacementSelection? Selection, string? Field, string? Reason)
    {
        public bool IsValid => Selection is not null;
    }

    /// <summary>The query string of this selection (no leading "?"), parsed back to an equal selection.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        parts.AddRange(Markets.Select(m => "market=" + PictureVocabulary.Token(m)));
        parts.AddRange(Echelons.Select(e => "echelon=" + PictureVocabulary.Token(e)));
        parts.AddRange(Kinds.Select(k => "kind=" + PictureVocabulary.Token(k)));
        parts.Add("dimension=" + PictureVocabulary.Token(Dimension));
        parts.AddRange(Areas.Select(a => "area=" + Uri.EscapeDataString(a)));
        parts.Add("granularity=" + PictureVocabulary.Token(Granularity));
        if (From is { } f)
            parts.Add("from=" + f);
        if (To is { } t)
            parts.Add("to=" + t);
        parts.Add("window=" + Window.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    /// <summary>A human summary: "cocaine, import transit; seizures; ports BEANR, NLRTM; yearly, 5-year windows".</summary>
    public string Describe()
    {
        static string List<T>(IReadOnlyList<T> values, string all) where T : struct, Enum =>
            values.Count == 0 ? all : string.Join(", ", values.Select(v => PictureVocabulary.Token(v).Replace('_', ' ')));
        var unit = Granularity == PeriodGranularity.Year ? "year" : "month";
        var areas = Areas.Count == 0 ? "all" : string.Join(", ", Areas);
        var span = From is null && To is null ? "" : $", {From?.ToString() ?? "start"} to {To?.ToString() ?? "latest"}";
        return $"{List(Markets, "all markets")}; {List(Echelons, "all echelons")}; {List(Kinds, "all kinds")}; " +
            $"{PictureVocabulary.Token(Dimension).Replace('_', ' ')} {areas}; {unit}ly, {Window}-{unit} windows{span}";
    }

    public static Parsed Parse(string queryString)
    {
        var pairs = queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.UnescapeDataString(p[0].Replace('+', ' ')), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""))
            .ToArray();
        return Parse(name => pairs.Where(p => p.Name == name).Select(p => p.Value));
    }

    /// <summary>Lists may repeat a parameter or separate values with commas; an empty value means "all" or "default".</summary>
    public static Parsed Parse(Func<string, IEnumerable<string?>> values)
    {
        string[] List(string name) => [.. values(name).SelectMany(v => (v ?? "").Split(','))
            .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        string? Single(string name) => List(name) switch
        {
            [] => null,
            [var one] => one,
            _ => throw new SelectionException(name, "give one value"),
        };
        try
        {
            var markets = List("market").Select(v => Enum<Market>("market", v)).ToArray();
            var echelons = List("echelon").Select(v => Enum<Echelon>("echelon", v)).ToArray();
            var kinds = List("kind").Select(v => Enum<ObservationKind>("kind", v)).ToArray();
            if (kinds.Contains(ObservationKind.InvestigationReport))
                throw new SelectionException("kind", "investigation reports count nothing in a market");
            var dimension = Single("dimension") is { } d ? Enum<AreaDimension>("dimension", d) : AreaDimension.Country;
            if (dimension is AreaDimension.Port or AreaDimension.TransportMode && kinds.Length > 0 && !kinds.Contains(ObservationKind.Seizure))
                throw new SelectionException("kind", $"only seizures carry a {PictureVocabulary.Token(dimension).Replace('_', ' ')}: include seizure");
            var areas = List("area").Select(a => Area(dimension, a)).ToArray();
            var granularity = Single("granularity") is { } g ? Enum<PeriodGranularity>("granularity", g) : PeriodGranularity.Year;
            var from = Single("from") is { } f ? Period("from", f, granularity) : (SeriesPeriod?)null;
            var to = Single("to") is { } t ? Period("to", t, granularity) : (SeriesPeriod?)null;
            if (from is { } a1 && to is { } b1 && b1.CompareTo(a1) < 0)
                throw new SelectionException("to", $"{b1} comes before from ({a1})");
            var window = DefaultWindow(granularity);
            if (Single("window") is { } w)
            {
                if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window < Analytics.Displacement.DisplacementClassifier.MinimumPeriods || window > 600)
                    throw new SelectionException("window", $"'{w}' is not a number of periods between {Analytics.Displacement.DisplacementClassifier.MinimumPeriods} and 600");
            }
            return new Parsed(new DisplacementSelection(markets, echelons, kinds, dimension, areas, granularity, from, to, window), null, null);
        }
        catch (SelectionException e)
        {
            return new Parsed(null, e.Field, e.Reason);
        }
    }

    /// <summary>The area code in its canonical form (BE, PV30, BEANR, SeaContainer), or null with the reason it is not one.</summary>
    public static string? CanonicalArea(AreaDimension dimension, string text, out string? problem)
    {
        try
        {
            problem = null;
            return Area(dimension, text);
        }
        catch (SelectionException e)
        {
            problem = e.Reason;
            return null;
        }
    }

    private static string Area(AreaDimension dimension, string text)
    {
        var code = text.Trim();
        switch (dimension)
        {
            case AreaDimension.Country:
                code = code.ToUpperInvariant();
                return code is "BE" or "NL" ? code : throw new SelectionException("area", $"'{text}' is not a country (BE or NL)");
            case AreaDimension.Province:
                code = code.ToUpperInvariant();
                return (code.Length == 5 && code.All(char.IsAsciiDigit)) || (code.Length == 4 && code.StartsWith("PV", StringComparison.Ordinal) && code[2..].All(char.IsAsciiDigit))
                    ? code : throw new SelectionException("area", $"'{text}' is not a province code: NIS (10000, 04000 for Brussels) or CBS (PV27)");
            case AreaDimension.Port:
                code = code.ToUpperInvariant();
                return code.Length == 5 && code.All(char.IsAsciiLetterOrDigit) ? code : throw new SelectionException("area", $"'{text}' is not a UN/LOCODE (BEANR, NLRTM)");
            default:
                return PictureVocabulary.TryParse<TransportMode>(code, out var mode) ? mode.ToString()
                    : throw new SelectionException("area", $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TransportMode>())}");
        }
    }

    private static SeriesPeriod Period(string field, string text, PeriodGranularity granularity)
    {
        if (!SeriesPeriod.TryParse(text, out var period))
            throw new SelectionException(field, $"'{text}' is neither a year (2019) nor a year-month (2019-07)");
        if (period.Month is null != (granularity == PeriodGranularity.Year))
            throw new SelectionException(field, granularity == PeriodGranularity.Year ? $"'{text}': the granularity is year, give a year (2019)" : $"'{text}': the granularity is month, give a year-month (2019-07)");
        return period;
    }

    private static T Enum<T>(string field, string value) where T : struct, Enum =>
        PictureVocabulary.TryParse<T>(value, out var parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new SelectionException(field, $"'{value}' is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(PictureVocabulary.Token))}");

    private sealed class SelectionException(string field, string reason) : Exception($"{field}: {reason}")
    {
        public string Field { get; } = field;
        public string Reason { get; } = reason;
    }
}
