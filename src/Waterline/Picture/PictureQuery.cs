using System.Text.RegularExpressions;
using Waterline.Observations;

namespace Waterline.Picture;

/// <summary>The market picture's query string, shared by the API, the CSV export, the dashboard page and the CLI, so
/// that a dashboard URL and its export give the same table. Lists may repeat a parameter or separate values with
/// commas; an empty value means "all".</summary>
public static partial class PictureQuery
{
    public sealed record Parsed(GetMarketPicture.Request? Request, string? Field, string? Reason)
    {
        public bool IsValid => Request is not null;
    }

    /// <summary>Parses a raw query string ("market=cocaine&amp;measure=quantity_kg", with or without the leading "?").</summary>
    public static Parsed Parse(string queryString)
    {
        var pairs = queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Unescape(p[0]), Value: p.Length > 1 ? Unescape(p[1]) : ""))
            .ToArray();
        return Parse(name => pairs.Where(p => p.Name == name).Select(p => (string?)p.Value));
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    public static Parsed Parse(Func<string, IEnumerable<string?>> values)
    {
        try
        {
            string[] List(string name) => [.. values(name).SelectMany(v => (v ?? "").Split(','))
                .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
            string? Single(string name) => List(name) switch
            {
                [] => null,
                [var one] => one,
                _ => throw new QueryException(name, "give one value"),
            };

            var groupBy = List("group") is { Length: > 0 } g ? g.Select(v => Enum<PictureColumn>("group", v)).ToArray() : GetMarketPicture.DefaultGrouping;
            if (groupBy.Contains(PictureColumn.Value))
            {
                throw new QueryException("group", "'value' is the measure; group by period, country, region, market, echelon, kind or source");
            }
            var sortText = Single("sort");
            var sortBy = sortText is null ? groupBy[0] : Enum<PictureColumn>("sort", sortText);
            if (sortBy != PictureColumn.Value && !groupBy.Contains(sortBy))
            {
                throw new QueryException("sort", $"'{sortText}' is not a column of the table (columns: {string.Join(", ", groupBy.Select(PictureVocabulary.Token))}, value)");
            }
            var descending = Single("dir")?.ToLowerInvariant() switch
            {
                null or "asc" => false,
                "desc" => true,
                var other => throw new QueryException("dir", $"'{other}' is not asc or desc"),
            };
            var from = Single("from") is { } f ? Month("from", f) : (int?)null;
            var to = Single("to") is { } t ? Month("to", t) : (int?)null;
            if (from > to)
            {
                throw new QueryException("from", "the period starts after it ends");
            }
            var measure = Single("measure") is { } m
                ? Measures.FindById(m)?.Measure ?? throw new QueryException("measure", $"'{m}' is not one of {string.Join(", ", Measures.All.Select(x => x.Id))}")
                : PictureMeasure.Observations;

            var request = new GetMarketPicture.Request
            {
                Markets = [.. List("market").Select(v => Enum<Market>("market", v))],
                Echelons = [.. List("echelon").Select(v => Enum<Echelon>("echelon", v))],
                Kinds = [.. List("kind").Select(v => Enum<ObservationKind>("kind", v))],
                Countries = [.. List("country").Select(v => Checked("country", v.ToUpperInvariant(), CountryPattern(), "BE or NL"))],
                Regions = [.. List("region").Select(v => Checked("region", v.ToUpperInvariant(), RegionPattern(), "a province code: NIS (10000, 04000 for Brussels) or CBS (PV27)"))],
                SourceOrganisations = [.. List("source").Select(v => Checked("source", v.ToUpperInvariant(), SourcePattern(), "an organisation code such as BE-CUSTOMS"))],
                FromMonth = from,
                ToMonth = to,
                Measure = measure,
                Granularity = Single("granularity") is { } gr ? Enum<PictureGranularity>("granularity", gr) : PictureGranularity.Month,
                GroupBy = groupBy,
                SortBy = sortBy,
                Descending = descending,
            };
            return new Parsed(request, null, null);
        }
        catch (QueryException e)
        {
            return new Parsed(null, e.Field, e.Reason);
        }
    }

    private static T Enum<T>(string field, string value) where T : struct, Enum =>
        PictureVocabulary.TryParse<T>(value, out var parsed)
            ? parsed
            : throw new QueryException(field, $"'{value}' is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(PictureVocabulary.Token))}");

    private static int Month(string field, string value) =>
        PictureVocabulary.TryParseMonth(value, out var month) ? month : throw new QueryException(field, $"'{value}' is not a month (2024-03 or 202403)");

    private static string Checked(string field, string value, Regex pattern, string expected) =>
        pattern.IsMatch(value) ? value : throw new QueryException(field, $"'{value}' is not {expected}");

    [GeneratedRegex("^(BE|NL)$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^([0-9]{5}|PV[0-9]{2})$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Z]{2}-[A-Z0-9-]{1,36}$")]
    private static partial Regex SourcePattern();

    private sealed class QueryException(string field, string reason) : Exception($"{field}: {reason}")
    {
        public string Field { get; } = field;
        public string Reason { get; } = reason;
    }
}
