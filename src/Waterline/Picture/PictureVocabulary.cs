using System.Globalization;
using System.Text;

namespace Waterline.Picture;

/// <summary>A column of the market picture's table (Value is the measure itself; it can be sorted on, not grouped by).</summary>
public enum PictureColumn
{
    Period,
    Country,
    Region,
    Market,
    Echelon,
    Kind,
    Source,
    Value,
}

/// <summary>The tokens the picture uses in URLs, JSON and CSV: snake_case enum names (import_transit, mean_load).</summary>
public static class PictureVocabulary
{
    public static string Token<T>(T value) where T : struct, Enum =>
        Tokens<T>.ByValue.TryGetValue(value, out var token) ? token : MakeToken(value);

    /// <summary>Computed once per enum type: tables of thousands of rows ask for the same few tokens.</summary>
    private static class Tokens<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, MakeToken);
    }

    private static string MakeToken<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>A readable label: "import_transit" becomes "Import transit".</summary>
    public static string Label<T>(T value) where T : struct, Enum
    {
        var words = Token(value).Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>Parses a token, case- and separator-insensitive ("import_transit", "ImportTransit", "import-transit").</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        var squeezed = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), squeezed, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string ColumnLabel(PictureColumn column) => column switch
    {
        PictureColumn.Period => "Period",
        PictureColumn.Country => "Country",
        PictureColumn.Region => "Province",
        PictureColumn.Market => "Market",
        PictureColumn.Echelon => "Echelon",
        PictureColumn.Kind => "Observation kind",
        PictureColumn.Source => "Source organisation",
        _ => "Value",
    };

    /// <summary>Year*100+month, e.g. 202403, from a month in "2024-03", "202403" or a date "2024-03-15".</summary>
    public static bool TryParseMonth(string text, out int month)
    {
        month = 0;
        var t = text.Trim();
        if (t.Length == 6 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var yyyymm))
        {
            month = yyyymm;
        }
        else if (t.Length == 7 && DateOnly.TryParseExact(t + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
        {
            month = (m.Year * 100) + m.Month;
        }
        else if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            month = (d.Year * 100) + d.Month;
        }
        return month / 100 is >= 1900 and <= 2200 && month % 100 is >= 1 and <= 12;
    }

    public static string MonthText(int month) =>
        string.Create(CultureInfo.InvariantCulture, $"{month / 100:D4}-{month % 100:D2}");
}
