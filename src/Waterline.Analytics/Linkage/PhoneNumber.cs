namespace Waterline.Analytics.Linkage;

/// <summary>
/// Normalises Belgian and Dutch telephone numbers to E.164 (ITU-T E.164: "+", country code, national significant
/// number). Plausibility follows the national numbering plans: Belgium (BIPT): a significant number of 8 digits,
/// or 9 for mobiles (45x-49x); the Netherlands (ACM / Nummerplan): 9 digits. Neither starts with 0.
/// </summary>
public static class PhoneNumber
{
    /// <summary>
    /// The E.164 form ("+32475123456") of a Belgian or Dutch number written nationally ("0475 12 34 56", trunk 0,
    /// read as <paramref name="defaultCountry"/>) or internationally ("+31 6 1234 5678", "0032 2 123 45 67",
    /// "+32 (0)2 ..."), with spaces, dots, slashes, dashes and brackets as separators; null when it is not a
    /// plausible BE or NL number (another country, letters, wrong length, extensions).
    /// </summary>
    /// <param name="text">The number as written.</param>
    /// <param name="defaultCountry">"BE" or "NL": the country a number without country code is dialled in.</param>
    public static string? ToE164(string? text, string defaultCountry)
    {
        var defaultCode = defaultCountry switch
        {
            "BE" => "32",
            "NL" => "31",
            _ => throw new ArgumentException("The default country must be BE or NL.", nameof(defaultCountry)),
        };
        if (string.IsNullOrWhiteSpace(text))
            return null;

        Span<char> digits = stackalloc char[32];
        var count = 0;
        var plus = false;
        var trimmed = text.AsSpan().Trim();
        // "(0)" after a country code is the trunk prefix one leaves out when dialling from abroad.
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '+' && i == 0)
                plus = true;
            else if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                    return null;
                digits[count++] = c;
            }
            else if (c == '(' && trimmed[i..].StartsWith("(0)") && count > 0)
                i += 2;
            else if (c is not (' ' or '.' or '/' or '-' or '(' or ')' or '\u00A0'))
                return null;
        }
        ReadOnlySpan<char> number = digits[..count];

        string code;
        if (plus || number.StartsWith("00"))
        {
            number = plus ? number : number[2..];
            if (number.Length < 2)
                return null;
            code = number[..2].ToString();
            if (code is not ("32" or "31"))
                return null;
            number = number[2..];
            // A trunk 0 kept after the country code ("+32 0475 ...") is a frequent slip, not another number.
            if (number.StartsWith("0") && !number.StartsWith("00"))
                number = number[1..];
        }
        else
        {
            if (!number.StartsWith("0") || number.StartsWith("00"))
                return null;
            code = defaultCode;
            number = number[1..];
        }
        return Plausible(code, number) ? "+" + code + number.ToString() : null;
    }

    private static bool Plausible(string code, ReadOnlySpan<char> significant)
    {
        if (significant.Length == 0 || significant[0] == '0')
            return false;
        return code == "32"
            ? significant.Length == 8 || (significant.Length == 9 && significant[0] == '4' && significant[1] >= '5')
            : significant.Length == 9;
    }
}
