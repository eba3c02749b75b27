namespace Waterline.Analytics.Linkage;

/// <summary>
/// Checksums and normal forms of Belgian and Dutch identifiers, so that a typo is not linked as a match and
/// differently written copies of one number compare equal. Separators (space, dot, dash, slash) are ignored.
/// </summary>
public static class Identifiers
{
    /// <summary>
    /// Belgian national register number (rijksregisternummer / numéro de registre national, law of 8 August 1983):
    /// 11 digits YYMMDD-SSS-CC where CC = 97 - (YYMMDDSSS mod 97), or, for people born from 2000 on, 97 - (2YYMMDDSSS
    /// mod 97). Bis numbers (month + 20 or + 40) use the same check.
    /// </summary>
    public static bool IsValidBelgianNationalNumber(string? text)
    {
        Span<char> digits = stackalloc char[11];
        if (!Digits(text, digits, out var count) || count != 11)
            return false;
        var body = long.Parse(digits[..9]);
        var check = int.Parse(digits[9..]);
        return 97 - (int)(body % 97) == check || 97 - (int)((2_000_000_000L + body) % 97) == check;
    }

    /// <summary>
    /// Dutch citizen service number (burgerservicenummer, Wet algemene bepalingen burgerservicenummer): 9 digits
    /// d1..d9 passing the eleven test 9·d1 + 8·d2 + ... + 2·d8 - 1·d9 ≡ 0 (mod 11), as published by Logius;
    /// 8-digit numbers are read with a leading 0. The all-zero number is not valid.
    /// </summary>
    public static bool IsValidBsn(string? text)
    {
        Span<char> digits = stackalloc char[9];
        if (!Digits(text, digits, out var count) || count is < 8 or > 9)
            return false;
        ReadOnlySpan<char> number = digits[..count];
        Span<char> padded = stackalloc char[9];
        padded.Fill('0');
        number.CopyTo(padded[(9 - count)..]);
        var sum = 0;
        for (var i = 0; i < 8; i++)
            sum += (9 - i) * (padded[i] - '0');
        sum -= padded[8] - '0';
        return sum != 0 && sum % 11 == 0;
    }

    /// <summary>
    /// Belgian enterprise number (KBO / BCE ondernemingsnummer, Crossroads Bank for Enterprises): 10 digits starting
    /// with 0 or 1, whose last two are 97 - (first eight mod 97). Accepts the VAT form "BE0403.170.701" and old
    /// 9-digit numbers (read with a leading 0).
    /// </summary>
    public static bool IsValidKbo(string? text)
    {
        var normal = NormaliseKbo(text);
        if (normal is null)
            return false;
        var body = int.Parse(normal.AsSpan(0, 8));
        var check = int.Parse(normal.AsSpan(8, 2));
        return 97 - body % 97 == check;
    }

    /// <summary>The 10-digit form of a Belgian enterprise number ("0403170701"), without checking it; null if malformed.</summary>
    public static string? NormaliseKbo(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var span = text.AsSpan().Trim();
        if (span.Length >= 2 && char.ToUpperInvariant(span[0]) == 'B' && char.ToUpperInvariant(span[1]) == 'E')
            span = span[2..];
        Span<char> digits = stackalloc char[10];
        if (!Digits(span, digits, out var count) || count is < 9 or > 10)
            return null;
        var normal = count == 9 ? "0" + digits[..9].ToString() : digits.ToString();
        return normal[0] is '0' or '1' ? normal : null;
    }

    /// <summary>
    /// The 8-digit form of a Dutch Chamber of Commerce number (KvK-nummer, Handelsregisterwet 2007), with spaces, dots
    /// and dashes removed and an optional "KvK" prefix; null if not exactly 8 digits. Leading zeros are kept (the
    /// number is text): a 7-digit input is refused rather than padded, since it may as well be a truncated number.
    /// </summary>
    /// <remarks>
    /// A KvK number has no check digit, so only its format is checked. The 12-digit vestigingsnummer (branch number)
    /// is a different identifier and is refused here.
    /// </remarks>
    public static string? NormaliseKvk(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var span = text.AsSpan().Trim();
        if (span.Length >= 3 && span[..3].Equals("kvk", StringComparison.OrdinalIgnoreCase))
            span = span[3..].TrimStart([' ', ':', '-', '.']);
        Span<char> digits = stackalloc char[8];
        return Digits(span, digits, out var count) && count == 8 ? digits.ToString() : null;
    }

    /// <summary>
    /// Dutch RSIN (Rechtspersonen en Samenwerkingsverbanden Informatienummer): 9 digits passing the same eleven test
    /// as the BSN (<see cref="IsValidBsn"/>), with which it shares one number range; 8-digit numbers are read with a
    /// leading 0.
    /// </summary>
    public static bool IsValidRsin(string? text) => IsValidBsn(text);

    /// <summary>
    /// The compact form of a Dutch VAT identification number (btw-identificatienummer): "NL", 9 digits, "B", 2 digits
    /// ("NL004495445B01"), upper case, separators (space, dot, dash) removed, "NL" optional on input and a shorter
    /// number part padded with leading zeros to 9 digits; null if malformed or the suffix is B00. The checksum is not
    /// tested (see <see cref="IsValidDutchVatNumber"/>).
    /// </summary>
    public static string? NormaliseDutchVatNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        Span<char> compact = stackalloc char[14];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '.' or '-' or '\u00A0')
                continue;
            if (!char.IsAsciiLetterOrDigit(c) || length == compact.Length)
                return null;
            compact[length++] = char.ToUpperInvariant(c);
        }
        ReadOnlySpan<char> rest = compact[..length];
        if (rest.StartsWith("NL"))
            rest = rest[2..];
        // rest = 1..9 digits, "B", 2 digits.
        if (rest.Length is < 4 or > 12 || rest[^3] != 'B' || !char.IsAsciiDigit(rest[^2]) || !char.IsAsciiDigit(rest[^1])
            || (rest[^2] == '0' && rest[^1] == '0'))
            return null;
        var number = rest[..^3];
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
                return null;
        }
        return string.Concat("NL", new string('0', 9 - number.Length), number, rest[^3..]);
    }

    /// <summary>
    /// Whether a Dutch VAT identification number is well formed and passes either check in use: the eleven test on
    /// its 9 digits (numbers derived from an RSIN, or from a BSN before 2020), or ISO 7064 MOD 97-10 over the whole
    /// text "NL…B.." with letters read as in an IBAN (A = 10 ... Z = 35), the check the Belastingdienst introduced in
    /// 2020 for sole traders' btw-id so that it cannot be mistaken for a BSN.
    /// </summary>
    public static bool IsValidDutchVatNumber(string? text)
    {
        if (NormaliseDutchVatNumber(text) is not { } vat)
            return false;
        if (IsValidBsn(vat[2..11]))
            return true;
        var remainder = 0;
        foreach (var c in vat)
        {
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    /// <summary>
    /// IBAN check (ISO 13616-1, ISO 7064 MOD 97-10), any country: 2 letters, 2 check digits, up to 30 letters or
    /// digits; moving the first four characters to the end and reading A=10 ... Z=35 must leave remainder 1 mod 97.
    /// Spaces are ignored and case is not significant. Country-specific lengths are not checked.
    /// </summary>
    public static bool IsValidIban(string? text) => NormaliseIban(text) is { } iban && Mod97(iban) == 1;

    /// <summary>The IBAN in electronic form (upper case, no spaces: "BE71096123456769") without checking it; null if malformed.</summary>
    public static string? NormaliseIban(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\u00A0' or '-')
                continue;
            if (!char.IsAsciiLetterOrDigit(c) || length == compact.Length)
                return null;
            compact[length++] = char.ToUpperInvariant(c);
        }
        if (length < 15 || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
            return null;
        return compact[..length].ToString();
    }

    private static int Mod97(string iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder;
    }

    /// <summary>
    /// A Belgian or Dutch licence plate as one comparable key: separators (dash, space, dot, middle dot) removed, upper
    /// case ("1-abc-234" gives "1ABC234", "XX-99-XX" gives "XX99XX"); null when empty, longer than 8 characters
    /// or holding anything but ASCII letters and digits. Series formats are not checked: foreign and old plates pass.
    /// </summary>
    public static string? NormaliseLicencePlate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        Span<char> plate = stackalloc char[8];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '.' or '\u00B7' or '\u00A0')
                continue;
            if (!char.IsAsciiLetterOrDigit(c) || length == plate.Length)
                return null;
            plate[length++] = char.ToUpperInvariant(c);
        }
        return length == 0 ? null : plate[..length].ToString();
    }

    private static bool Digits(ReadOnlySpan<char> text, Span<char> digits, out int count)
    {
        count = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '.' or '-' or '/' or '\u00A0')
                continue;
            if (!char.IsAsciiDigit(c) || count == digits.Length)
                return false;
            digits[count++] = c;
        }
        return count > 0;
    }

    private static bool Digits(string? text, Span<char> digits, out int count)
    {
        count = 0;
        return text is not null && Digits(text.AsSpan(), digits, out count);
    }
}
