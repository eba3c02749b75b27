namespace Waterline.Analytics.Linkage;

/// <summary>One rung of a <see cref="DateComparison"/> ladder: a way two dates can agree.</summary>
public enum DateAgreement
{
    /// <summary>The same day.</summary>
    Exact,

    /// <summary>Same year, day and month swapped (1985-03-07 and 1985-07-03), a common slip between the European
    /// day-month and the American month-day order.</summary>
    DayMonthTransposed,

    /// <summary>At most <see cref="DateComparison.ToleranceDays"/> days apart.</summary>
    WithinDays,

    /// <summary>The yyyymmdd texts differ in one digit (Levenshtein distance 1; both are 8 characters, so it is one
    /// substitution), e.g. 1985-03-07 and 1986-03-07 or 1985-03-17.</summary>
    OneDigitTypo,

    /// <summary>The same calendar year.</summary>
    SameYear,
}

/// <summary>
/// A comparison-level ladder for dates (dates of birth, of an event), following the level convention of
/// <see cref="FellegiSunterModel"/>: level 0 is null (either date missing), level 1 is "else" (no rung holds), and
/// the rungs of the ladder, closest first, take the levels from K-1 down to 2. A pair gets the level of the first
/// rung that holds. The rungs are those Splink offers for dates ("exact", "damerau_levenshtein &lt;= 1", "within n
/// days/months/years"; Splink docs, comparison library, DateOfBirthComparison) plus the day-month transposition
/// that Christen (2012, <i>Data Matching</i>, ch. 5, comparing dates) lists among typical date errors.
/// </summary>
public sealed class DateComparison
{
    private readonly DateAgreement[] ladder;

    /// <summary>
    /// Exact, day-month transposed, within 30 days, one digit typo, same year, else (levels 6 down to 1, null 0).
    /// </summary>
    public static DateComparison Default { get; } = new(30, DateAgreement.Exact, DateAgreement.DayMonthTransposed,
        DateAgreement.WithinDays, DateAgreement.OneDigitTypo, DateAgreement.SameYear);

    /// <summary>A ladder of rungs, closest first; each rung at most once.</summary>
    /// <param name="toleranceDays">The day tolerance of <see cref="DateAgreement.WithinDays"/>; not negative.</param>
    /// <param name="ladder">The rungs, closest first; at most 253 (levels are bytes and two are null and else).</param>
    public DateComparison(int toleranceDays, params DateAgreement[] ladder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceDays);
        ArgumentNullException.ThrowIfNull(ladder);
        if (ladder.Length == 0 || ladder.Length > 253)
            throw new ArgumentException("A ladder needs 1 to 253 rungs.", nameof(ladder));
        if (ladder.Distinct().Count() != ladder.Length)
            throw new ArgumentException("Each rung may appear once.", nameof(ladder));
        ToleranceDays = toleranceDays;
        this.ladder = [.. ladder];
    }

    /// <summary>The day tolerance of <see cref="DateAgreement.WithinDays"/>.</summary>
    public int ToleranceDays { get; }

    /// <summary>The rungs, closest first.</summary>
    public IReadOnlyList<DateAgreement> Ladder => ladder;

    /// <summary>K: the number of levels, counting null (0) and else (1).</summary>
    public int LevelCount => ladder.Length + 2;

    /// <summary>
    /// The comparison level of two dates: 0 when either is missing, otherwise K-1-i for the first rung i (closest
    /// first) that holds, or 1 when none does.
    /// </summary>
    public byte Level(DateOnly? a, DateOnly? b)
    {
        if (a is not { } x || b is not { } y)
            return 0;
        for (var i = 0; i < ladder.Length; i++)
        {
            if (Holds(ladder[i], x, y, ToleranceDays))
                return (byte)(LevelCount - 1 - i);
        }
        return 1;
    }

    /// <summary>A short name of each level, for explanations: "null", "else", then the rungs ("within 30 days").</summary>
    public string LevelName(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        return level switch
        {
            0 => "null",
            1 => "else",
            _ => ladder[LevelCount - 1 - level] switch
            {
                DateAgreement.Exact => "exact",
                DateAgreement.DayMonthTransposed => "day and month transposed",
                DateAgreement.WithinDays => $"within {ToleranceDays} days",
                DateAgreement.OneDigitTypo => "one digit differs",
                _ => "same year",
            },
        };
    }

    /// <summary>Whether one rung holds for two dates.</summary>
    public static bool Holds(DateAgreement rung, DateOnly a, DateOnly b, int toleranceDays) => rung switch
    {
        DateAgreement.Exact => a == b,
        DateAgreement.DayMonthTransposed => AreDayMonthTransposed(a, b),
        DateAgreement.WithinDays => Math.Abs(a.DayNumber - b.DayNumber) <= toleranceDays,
        DateAgreement.OneDigitTypo => DifferInOneDigit(a, b),
        DateAgreement.SameYear => a.Year == b.Year,
        _ => throw new ArgumentOutOfRangeException(nameof(rung), rung, null),
    };

    /// <summary>Same year with day and month swapped; a date whose day equals its month is not a transposition of itself.</summary>
    public static bool AreDayMonthTransposed(DateOnly a, DateOnly b) =>
        a != b && a.Year == b.Year && a.Month == b.Day && a.Day == b.Month;

    /// <summary>Whether the yyyymmdd forms are at Levenshtein distance exactly 1 (one digit substituted).</summary>
    public static bool DifferInOneDigit(DateOnly a, DateOnly b)
    {
        Span<char> x = stackalloc char[8];
        Span<char> y = stackalloc char[8];
        WriteDigits(a, x);
        WriteDigits(b, y);
        return StringSimilarity.Levenshtein(x, y, maxDistance: 1) == 1;
    }

    /// <summary>
    /// Reads a date written as ISO 8601 (yyyy-mm-dd), compact yyyymmdd, or day first as used in Belgium and the
    /// Netherlands (dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy); null when empty or not a real date. Month-first (US) text
    /// is not guessed at: 03/07/1985 is 3 July.
    /// </summary>
    public static DateOnly? Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        Span<int> parts = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var value = 0;
        var width = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (width == 8)
                    return null;
                value = value * 10 + (text[i] - '0');
                width++;
                continue;
            }
            if (i < text.Length && text[i] is not ('-' or '/' or '.'))
                return null;
            if (width == 0 || count == 3)
                return null;
            parts[count] = value;
            widths[count++] = width;
            value = 0;
            width = 0;
        }
        int year, month, day;
        if (count == 1 && widths[0] == 8)
            (year, month, day) = (parts[0] / 10000, parts[0] / 100 % 100, parts[0] % 100);
        else if (count == 3 && widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2)
            (year, month, day) = (parts[0], parts[1], parts[2]);
        else if (count == 3 && widths[2] == 4 && widths[0] <= 2 && widths[1] <= 2)
            (year, month, day) = (parts[2], parts[1], parts[0]);
        else
            return null;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        return new DateOnly(year, month, day);
    }

    private static void WriteDigits(DateOnly date, Span<char> digits)
    {
        var value = date.Year * 10000 + date.Month * 100 + date.Day;
        for (var i = 7; i >= 0; i--)
        {
            digits[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
