using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Waterline.Analytics.Estimation;

/// <summary>A hierarchical Poisson log-linear model for the 2^k − 1 observed capture histories (Fienberg 1972, "The multiple
/// recapture census for closed populations and incomplete 2^k contingency tables", Biometrika 59; Bishop, Fienberg and Holland
/// 1975, ch. 6; Cormack 1989, "Log-linear models for capture-recapture", Biometrics 45):
/// log μ_h = β₀ + Σ_i β_i h_i + Σ_{terms t ⊆ h} λ_t (+ τ c(h)²/2 with Darroch heterogeneity).
/// The unseen count is μ₀ = exp(β₀): the model extended to the history on no list.</summary>
/// <remarks><para>Interactions: Interaction terms as list masks (two or more bits each); main effects are always in.</para>
/// <para>Darroch: Adds the Mth heterogeneity column c²/2 (c = lists a history is on), the quasi-symmetric model of
/// Darroch, Fienberg, Glonek and Junker 1993 (JASA 88) in the form Rcapture fits it (Rivest and Baillargeon 2007).</para></remarks>
public sealed record LogLinearModel(IReadOnlyList<int> Interactions, bool Darroch = false)
{
    public static LogLinearModel Independence { get; } = new([]);

    /// <summary>Number of coefficients including the intercept.</summary>
    public int ParameterCount(int lists) => 1 + lists + Interactions.Count + (Darroch ? 1 : 0);

    /// <summary>Terms in R formula order: "A:B,B:C", "independence" when there are none.</summary>
    public string Label(CaptureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var parts = Interactions.Select(table.Label).ToList();
        if (Darroch)
            parts.Add("Darroch");
        return parts.Count == 0 ? "independence" : string.Join(",", parts);
    }

    /// <summary>Term labels including main effects, in design-column order after the intercept.</summary>
    public IReadOnlyList<string> TermLabels(CaptureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labels = table.Lists.ToList();
        labels.AddRange(Interactions.Select(table.Label));
        if (Darroch)
            labels.Add("Darroch c²/2");
        return labels;
    }

    /// <summary>Reads "A:B,B:C" (list names, any case-sensitive order within a term; "Darroch" adds heterogeneity; "" or
    /// "independence" is main effects only). Lower-order terms a higher one needs are added, so the model stays hierarchical.</summary>
    public static LogLinearModel Parse(string text, CaptureTable table)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(table);
        var masks = new SortedSet<int>();
        var darroch = false;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Equals("independence", StringComparison.OrdinalIgnoreCase))
                continue;
            if (raw.Equals("darroch", StringComparison.OrdinalIgnoreCase))
            {
                darroch = true;
                continue;
            }
            var mask = 0;
            foreach (var name in raw.Split(':', StringSplitOptions.TrimEntries))
            {
                var index = table.Lists.ToList().IndexOf(name);
                if (index < 0)
                    throw new FormatException($"Model term '{raw}': '{name}' is not a list (lists: {string.Join(", ", table.Lists)}).");
                mask |= table.Bit(index);
            }
            if (BitOperations.PopCount((uint)mask) < 2)
                throw new FormatException($"Model term '{raw}' is not an interaction of two or more distinct lists.");
            masks.Add(mask);
        }
        return Create(masks, darroch);
    }

    /// <summary>The model with these interactions and every lower-order interaction they contain.</summary>
    public static LogLinearModel Create(IEnumerable<int> interactions, bool darroch = false)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var closed = new SortedSet<int>();
        foreach (var mask in interactions)
            for (var sub = mask; sub > 0; sub = (sub - 1) & mask)
                if (BitOperations.PopCount((uint)sub) >= 2)
                    closed.Add(sub);
        var ordered = closed.OrderBy(t => BitOperations.PopCount((uint)t)).ThenByDescending(t => t).ToArray();
        return new LogLinearModel(ordered, darroch);
    }

    public bool Equals(LogLinearModel? other) =>
        other is not null && Darroch == other.Darroch && Interactions.SequenceEqual(other.Interactions);

    public override int GetHashCode() => Interactions.Aggregate(Darroch ? 17 : 3, (h, t) => h * 31 + t);

    /// <summary>Design matrix over the given histories: intercept, main effects (list order), interactions, Darroch column.</summary>
    public Matrix<double> Design(int lists, IReadOnlyList<int> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var p = ParameterCount(lists);
        var x = Matrix<double>.Build.Dense(histories.Count, p);
        for (var r = 0; r < histories.Count; r++)
        {
            var h = histories[r];
            x[r, 0] = 1;
            for (var i = 0; i < lists; i++)
                x[r, 1 + i] = (h >> (lists - 1 - i) & 1) == 1 ? 1 : 0;
            for (var t = 0; t < Interactions.Count; t++)
                x[r, 1 + lists + t] = (h & Interactions[t]) == Interactions[t] ? 1 : 0;
            if (Darroch)
            {
                var c = BitOperations.PopCount((uint)h);
                x[r, p - 1] = c * c / 2.0;
            }
        }
        return x;
    }

    /// <summary>Fits the model: see <see cref="LogLinearEstimate"/> for what is reported and when no estimate exists.</summary>
    public LogLinearEstimate Fit(CaptureTable table, double confidence = 0.95) => LogLinearEstimate.Compute(this, table, confidence);
}
