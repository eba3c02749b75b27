namespace Waterline.Analytics.Linkage;

/// <summary>How a <see cref="NumericComparison"/> measures the gap between two numbers.</summary>
public enum NumericDifference
{
    /// <summary>|a - b|, in the values' own unit.</summary>
    Absolute,

    /// <summary>|a - b| / max(|a|, |b|): symmetric, 0 for equal values, at most 2 (for opposite signs); two zeros
    /// differ by 0.</summary>
    Relative,
}

/// <summary>
/// A comparison-level ladder for numbers (weights, amounts, ages, heights) with the level convention of
/// <see cref="FellegiSunterModel"/>: 0 = null (either value missing or NaN), K-1 = exactly equal, then one level per
/// threshold from the tightest down, and 1 = else. The absolute and the relative (percentage) rungs are those of
/// Splink's comparison level library ("absolute difference", "percentage difference" at thresholds).
/// </summary>
public sealed class NumericComparison
{
    private readonly double[] thresholds;

    /// <summary>A ladder with the given thresholds (any order; sorted tightest first, duplicates refused).</summary>
    /// <param name="difference">Absolute or relative difference.</param>
    /// <param name="thresholds">Positive, finite bounds; a pair is within a threshold when its difference is ≤ it.</param>
    public NumericComparison(NumericDifference difference, params double[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Length > 252)
            throw new ArgumentException("At most 252 thresholds (levels are bytes; null, else and exact take three).", nameof(thresholds));
        foreach (var t in thresholds)
        {
            if (!(t > 0 && double.IsFinite(t)))
                throw new ArgumentOutOfRangeException(nameof(thresholds), t, "Thresholds must be positive and finite.");
        }
        this.thresholds = [.. thresholds.Order()];
        for (var i = 1; i < this.thresholds.Length; i++)
        {
            if (this.thresholds[i] == this.thresholds[i - 1])
                throw new ArgumentException($"Threshold {this.thresholds[i]} appears twice.", nameof(thresholds));
        }
        Difference = difference;
    }

    /// <summary>Absolute or relative.</summary>
    public NumericDifference Difference { get; }

    /// <summary>The thresholds, tightest first.</summary>
    public IReadOnlyList<double> Thresholds => thresholds;

    /// <summary>K: null, else, the thresholds and exact.</summary>
    public int LevelCount => thresholds.Length + 3;

    /// <summary>|a - b|.</summary>
    public static double AbsoluteDifference(double a, double b) => Math.Abs(a - b);

    /// <summary>|a - b| / max(|a|, |b|); 0 when both are 0.</summary>
    public static double RelativeDifference(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 0 : Math.Abs(a - b) / scale;
    }

    /// <summary>
    /// The level of two values: 0 if either is null or NaN; K-1 if equal; K-2-i for the first threshold i (tightest
    /// first) the difference is within; 1 otherwise. Infinite values are equal to themselves and within no threshold.
    /// </summary>
    public byte Level(double? a, double? b)
    {
        if (a is not { } x || b is not { } y || double.IsNaN(x) || double.IsNaN(y))
            return 0;
        if (x == y)
            return (byte)(LevelCount - 1);
        var difference = Difference == NumericDifference.Absolute ? AbsoluteDifference(x, y) : RelativeDifference(x, y);
        for (var i = 0; i < thresholds.Length; i++)
        {
            if (difference <= thresholds[i])
                return (byte)(LevelCount - 2 - i);
        }
        return 1;
    }

    /// <summary>A short name of each level, for explanations ("within 5 %" or "within 2.5").</summary>
    public string LevelName(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        if (level == 0)
            return "null";
        if (level == 1)
            return "else";
        if (level == LevelCount - 1)
            return "exact";
        var t = thresholds[LevelCount - 2 - level];
        return Difference == NumericDifference.Absolute
            ? FormattableString.Invariant($"within {t}")
            : FormattableString.Invariant($"within {t * 100:0.######} %");
    }
}
