using System.Numerics;
using MathNet.Numerics;

namespace Waterline.Analytics.Estimation;

/// <summary>Every model fitted and the model each selection rule picks (null when no model with an estimate qualifies).</summary>
/// <remarks><para>Notes: what was capped or skipped, in plain words.</para>
/// <para>StepwisePath: the interactions the stepwise rule added, in order, with their p-values.</para></remarks>
public sealed record ModelComparison(IReadOnlyList<LogLinearEstimate> Models, LogLinearEstimate? BestAic, LogLinearEstimate? BestBic,
    LogLinearEstimate? Stepwise, IReadOnlyList<StepwiseStep> StepwisePath, IReadOnlyList<string> Notes);

/// <summary>One addition of the stepwise rule: the interaction, the likelihood-ratio p-value of adding it, and the model after it.</summary>
public sealed record StepwiseStep(string Interaction, double PValue, string Model);

/// <summary>Model search over hierarchical log-linear models (Bishop, Fienberg and Holland 1975, ch. 6).</summary>
public static class ModelSelection
{
    /// <summary>Above this many models the enumeration keeps the models with the fewest two-way terms (and says so).</summary>
    public const int DefaultCap = 2048;

    /// <summary>All hierarchical models with main effects and any set of two-way interactions: 2^(k(k−1)/2) models
    /// (8, 64, 1024, 32768 for k = 3..6). With <paramref name="threeWay"/>, each of these also with every subset of the
    /// three-way terms all of whose two-way margins it contains. When there are more than <paramref name="cap"/>, only models with
    /// at most r two-way terms are kept, r the largest that fits, and <paramref name="note"/> says so.</summary>
    public static IReadOnlyList<LogLinearModel> Hierarchical(int lists, bool threeWay, int cap, out string? note)
    {
        note = null;
        var pairs = new List<int>();
        for (var i = 0; i < lists; i++)
            for (var j = i + 1; j < lists; j++)
                pairs.Add(1 << (lists - 1 - i) | 1 << (lists - 1 - j));
        var total = Math.Pow(2, pairs.Count);
        var maxTerms = pairs.Count;
        if (total > cap)
        {
            double kept = 0;
            maxTerms = -1;
            while (maxTerms < pairs.Count && kept + SpecialFunctions.Binomial(pairs.Count, maxTerms + 1) <= cap)
                kept += SpecialFunctions.Binomial(pairs.Count, ++maxTerms);
            note = $"{total:0} two-way models for {lists} lists exceed the cap of {cap}: only the {kept:0} with at most {maxTerms} interactions were fitted (the stepwise path is fitted in full).";
        }
        var models = new List<LogLinearModel>();
        for (long set = 0; set < (1L << pairs.Count); set++)
        {
            if (BitOperations.PopCount((ulong)set) > maxTerms)
                continue;
            var chosen = pairs.Where((_, index) => (set >> index & 1) == 1).ToList();
            models.Add(LogLinearModel.Create(chosen));
            if (!threeWay)
                continue;
            var triples = Triples(lists).Where(t => Margins(t).All(chosen.Contains)).ToList();
            for (long extra = 1; extra < (1L << triples.Count) && models.Count < cap * 4; extra++)
                models.Add(LogLinearModel.Create(chosen.Concat(triples.Where((_, index) => (extra >> index & 1) == 1))));
        }
        return models;
    }

    /// <summary>Fits the given models (or all hierarchical two-way models) and applies the three rules: smallest AIC, smallest
    /// BIC (among models with an estimate), and <see cref="StepwiseFit"/>. Models are fitted on all cores (each fit with its
    /// profile interval is independent) and kept in enumeration order; <paramref name="progress"/> hears (fitted, total).</summary>
    public static ModelComparison Compare(CaptureTable table, IReadOnlyList<LogLinearModel>? models = null, bool threeWay = false,
        int cap = DefaultCap, double stepwiseThreshold = 0.05, double confidence = 0.95, IProgress<(int Fitted, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var notes = new List<string>();
        string? note = null;
        var space = models ?? Hierarchical(table.ListCount, threeWay, cap, out note);
        if (note is not null)
            notes.Add(note);
        var fits = new LogLinearEstimate[space.Count];
        var done = 0;
        Parallel.For(0, fits.Length, i =>
        {
            fits[i] = space[i].Fit(table, confidence);
            progress?.Report((Interlocked.Increment(ref done), fits.Length));
        });
        var fitted = fits.ToList();
        var (stepwise, path) = StepwiseFit(table, stepwiseThreshold, confidence);
        if (!fitted.Any(f => f.Model.Equals(stepwise.Model)))
            fitted.Add(stepwise);
        var usable = fitted.Where(f => f.HasEstimate).ToList();
        var without = fitted.Count - usable.Count;
        if (without > 0)
            notes.Add($"{without} of {fitted.Count} models give no estimate (not identifiable or diverging); they are listed with the reason and take no part in selection.");
        return new ModelComparison(fitted, usable.MinBy(f => f.Aic), usable.MinBy(f => f.Bic),
            stepwise.HasEstimate ? stepwise : null, path, notes);
    }

    /// <summary>Forward stepwise selection as in the Home Office estimate (Silverman 2014, "Modern slavery: an application of
    /// multiple systems estimation", Home Office; Bales, Hesketh and Silverman 2015, Significance 12(3)): start from main effects;
    /// fit the model with each two-way interaction not yet in it; add the one with the largest fall in deviance if the
    /// likelihood-ratio test gives p below the threshold (χ² with 1 df, 5% as published) and the enlarged model has an estimate;
    /// stop otherwise. Pairs of lists with no case in common are skipped: their coefficient is −∞ and no test applies (Chan,
    /// Silverman and Vincent 2021, JASA 116). Either sign of dependence may enter. On the published 5-list table this path ends at
    /// LA:NG, LA:PFNCA, NG:GO, NG:GP, PFNCA:GP, GO:GP and 11,313, the published figure.</summary>
    public static (LogLinearEstimate Model, IReadOnlyList<StepwiseStep> Path) StepwiseFit(CaptureTable table, double threshold = 0.05, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.ListCount;
        var current = LogLinearModel.Independence;
        var estimate = current.Fit(table, confidence);
        var path = new List<StepwiseStep>();
        while (estimate.HasEstimate)
        {
            (int Pair, double Drop, LogLinearEstimate Fit)? best = null;
            for (var i = 0; i < k; i++)
                for (var j = i + 1; j < k; j++)
                {
                    var pair = table.Bit(i) | table.Bit(j);
                    if (current.Interactions.Contains(pair) || table.Overlap(pair) == 0)
                        continue;
                    var fit = LogLinearModel.Create(current.Interactions.Append(pair)).Fit(table, confidence);
                    var drop = estimate.Deviance - fit.Deviance;
                    if (fit.HasEstimate && (best is null || drop > best.Value.Drop))
                        best = (pair, drop, fit);
                }
            if (best is not { } chosen)
                break;
            var p = chosen.Drop > 0 ? 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(1, chosen.Drop) : 1;
            if (p >= threshold)
                break;
            path.Add(new StepwiseStep(table.Label(chosen.Pair), p, chosen.Fit.Label));
            (current, estimate) = (chosen.Fit.Model, chosen.Fit);
        }
        return (estimate, path);
    }

    private static IEnumerable<int> Triples(int lists)
    {
        for (var i = 0; i < lists; i++)
            for (var j = i + 1; j < lists; j++)
                for (var l = j + 1; l < lists; l++)
                    yield return 1 << (lists - 1 - i) | 1 << (lists - 1 - j) | 1 << (lists - 1 - l);
    }

    private static IEnumerable<int> Margins(int triple)
    {
        for (var sub = triple; sub > 0; sub = (sub - 1) & triple)
            if (BitOperations.PopCount((uint)sub) == 2)
                yield return sub;
    }
}
