namespace Waterline.Analytics.Linkage;

/// <summary>Pairwise quality of a clustering against the truth (pairs of records put together).</summary>
/// <param name="TruePositives">Pairs together in both.</param>
/// <param name="PredictedPairs">Pairs together in the prediction.</param>
/// <param name="TruePairs">Pairs together in the truth.</param>
public sealed record PairwiseQuality(long TruePositives, long PredictedPairs, long TruePairs)
{
    /// <summary>Pairs together in the prediction only.</summary>
    public long FalsePositives => PredictedPairs - TruePositives;

    /// <summary>Pairs together in the truth only.</summary>
    public long FalseNegatives => TruePairs - TruePositives;

    /// <summary>True positives / predicted pairs; NaN when nothing was put together.</summary>
    public double Precision => PredictedPairs == 0 ? double.NaN : TruePositives / (double)PredictedPairs;

    /// <summary>True positives / true pairs; NaN when the truth has no pairs.</summary>
    public double Recall => TruePairs == 0 ? double.NaN : TruePositives / (double)TruePairs;

    /// <summary>Harmonic mean of precision and recall: 2 TP / (predicted + true pairs).</summary>
    public double F1 => PredictedPairs + TruePairs == 0 ? double.NaN : 2.0 * TruePositives / (PredictedPairs + TruePairs);
}

/// <summary>B-cubed precision and recall: per record, then averaged over records.</summary>
/// <param name="Precision">Mean over records of |predicted cluster ∩ true cluster| / |predicted cluster|.</param>
/// <param name="Recall">Mean over records of |predicted cluster ∩ true cluster| / |true cluster|.</param>
public sealed record BCubedQuality(double Precision, double Recall)
{
    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Quality of a clustering (predicted cluster id per record) against the true one. Every measure is computed from the
/// contingency table of (predicted, true) cluster cells: n_ij records in predicted cluster i and true cluster j, a_i and
/// b_j the cluster sizes. No record pair is enumerated, so a million records cost one pass and a hash table of cells.
/// Cluster ids are labels only: any int names a cluster.
/// </summary>
public static class LinkageQuality
{
    /// <summary>
    /// Pairwise precision, recall and F1 (Christen 2012, "Data Matching", ch. 7.3): TP = Σ C(n_ij, 2), predicted pairs
    /// = Σ C(a_i, 2), true pairs = Σ C(b_j, 2).
    /// </summary>
    /// <param name="predicted">Predicted cluster id of each record.</param>
    /// <param name="truth">True cluster id of each record.</param>
    public static PairwiseQuality Pairwise(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        var table = Contingency.Count(predicted, truth);
        return new PairwiseQuality(table.SumCells(Pairs), table.SumPredicted(Pairs), table.SumTrue(Pairs));
    }

    /// <summary>
    /// B-cubed precision and recall (Bagga and Baldwin 1998, "Algorithms for scoring coreference chains", LREC
    /// workshop; equal record weights): precision = Σ n_ij² / a_i / N, recall = Σ n_ij² / b_j / N. Unlike pairwise
    /// measures, a large cluster does not dominate: every record counts once. Both are 1 for no records.
    /// </summary>
    /// <param name="predicted">Predicted cluster id of each record.</param>
    /// <param name="truth">True cluster id of each record.</param>
    public static BCubedQuality BCubed(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        var table = Contingency.Count(predicted, truth);
        if (predicted.Length == 0)
            return new BCubedQuality(1, 1);
        var (precision, recall) = (0.0, 0.0);
        foreach (var ((p, t), n) in table.Cells)
        {
            precision += (double)n * n / table.PredictedSize[p];
            recall += (double)n * n / table.TrueSize[t];
        }
        return new BCubedQuality(precision / predicted.Length, recall / predicted.Length);
    }

    /// <summary>
    /// Adjusted Rand index (Hubert and Arabie 1985, "Comparing partitions", Journal of Classification 2(1)):
    /// (Σ C(n_ij,2) - E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) - E) with E = Σ C(a_i,2) Σ C(b_j,2) / C(N,2). 1 for identical
    /// partitions, about 0 for independent ones, negative below chance. When the denominator is 0 (both partitions all
    /// singletons or both one cluster, hence identical) it is 1.
    /// </summary>
    /// <param name="predicted">Predicted cluster id of each record.</param>
    /// <param name="truth">True cluster id of each record.</param>
    public static double AdjustedRandIndex(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        var table = Contingency.Count(predicted, truth);
        var index = (double)table.SumCells(Pairs);
        var (sumA, sumB) = ((double)table.SumPredicted(Pairs), (double)table.SumTrue(Pairs));
        var all = (double)Pairs(predicted.Length);
        if (all == 0)
            return 1;
        var expected = sumA * sumB / all;
        var maximum = (sumA + sumB) / 2;
        return maximum == expected ? 1 : (index - expected) / (maximum - expected);
    }

    private static long Pairs(long n) => n * (n - 1) / 2;

    private sealed class Contingency
    {
        public Dictionary<(int Predicted, int True), long> Cells { get; } = [];

        public Dictionary<int, long> PredictedSize { get; } = [];

        public Dictionary<int, long> TrueSize { get; } = [];

        public static Contingency Count(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
        {
            if (predicted.Length != truth.Length)
                throw new ArgumentException($"{predicted.Length} predicted and {truth.Length} true cluster ids: one of each per record.");
            var table = new Contingency();
            for (var i = 0; i < predicted.Length; i++)
            {
                table.Cells[(predicted[i], truth[i])] = table.Cells.GetValueOrDefault((predicted[i], truth[i])) + 1;
                table.PredictedSize[predicted[i]] = table.PredictedSize.GetValueOrDefault(predicted[i]) + 1;
                table.TrueSize[truth[i]] = table.TrueSize.GetValueOrDefault(truth[i]) + 1;
            }
            return table;
        }

        public long SumCells(Func<long, long> f) => Cells.Values.Sum(f);

        public long SumPredicted(Func<long, long> f) => PredictedSize.Values.Sum(f);

        public long SumTrue(Func<long, long> f) => TrueSize.Values.Sum(f);
    }
}
