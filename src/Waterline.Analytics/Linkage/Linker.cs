using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Waterline.Analytics.Linkage;

/// <summary>What a linkage run does.</summary>
/// <param name="Fields">The comparison fields, in the order of the columns given to <see cref="LinkageRecords.Encode"/>.</param>
/// <param name="Blocking">The blocking rules; their union gives the candidate pairs.</param>
/// <param name="Threshold">Match probability at or above which a pair links two records into one cluster.</param>
/// <param name="KeepAbove">Match probability at or above which a scored pair is kept in the result (≤ <paramref name="Threshold"/>).</param>
/// <param name="LinkOnly">Compare only records of different sources (two-file or multi-source linkage).</param>
/// <param name="RandomPairs">Random pairs sampled to estimate u.</param>
/// <param name="Seed">Seed for the random pairs: a run is deterministic.</param>
/// <param name="MaxDegreeOfParallelism">Cores to use; null for all.</param>
/// <param name="Model">A model to score with instead of training one (levels must match the fields).</param>
/// <param name="Clustering">How kept pairs become clusters.</param>
/// <param name="Training">Rules whose pairs train m, one EM session each (Splink's training blocking rules); null
/// uses <paramref name="Blocking"/>. Every field should be left out of at least one of them, or its m is not trained.</param>
public sealed record LinkageSettings(
    IReadOnlyList<FieldComparison> Fields,
    IReadOnlyList<BlockingRule> Blocking,
    double Threshold = 0.9,
    double KeepAbove = 0.5,
    bool LinkOnly = false,
    int RandomPairs = 300_000,
    int Seed = 4,
    int? MaxDegreeOfParallelism = null,
    FellegiSunterModel? Model = null,
    IReadOnlyList<BlockingRule>? Training = null,
    ClusteringMethod Clustering = ClusteringMethod.WeakBridges);

/// <summary>How scored pairs become clusters (see <see cref="Linkage.Clustering"/>).</summary>
public enum ClusteringMethod
{
    /// <summary>Connected components of the pairs at or above the threshold.</summary>
    ConnectedComponents,

    /// <summary>Connected components, then bridges below probability 0.99 cut when each side keeps two records or more.</summary>
    WeakBridges,

    /// <summary>Correlation clustering (pivot and local moves) on all kept pairs, unscored pairs taken at probability 0.01.</summary>
    Correlation,
}

/// <summary>Where a run is, for progress bars.</summary>
/// <param name="Stage">"blocking", "sampling u", "comparing", "training", "scoring", "clustering".</param>
/// <param name="Done">Pairs (or steps) done in this stage.</param>
/// <param name="Total">Pairs (or steps) in this stage.</param>
public readonly record struct LinkageProgress(string Stage, long Done, long Total);

/// <summary>How long each stage took and how much it handled.</summary>
public sealed record LinkageFigures(
    long CandidatePairs,
    IReadOnlyList<long> PairsPerRule,
    int DistinctVectors,
    int EmIterations,
    bool EmConverged,
    double CandidateMatchShare,
    IReadOnlyList<string> UntrainedFields,
    TimeSpan Blocking,
    TimeSpan SamplingU,
    TimeSpan Comparing,
    TimeSpan Training,
    TimeSpan Scoring,
    TimeSpan Clustering,
    int Cores);

/// <summary>The outcome of a run: the trained model, kept pairs and clusters.</summary>
/// <param name="Model">The model pairs were scored with.</param>
/// <param name="Left">Kept pairs: the smaller record index.</param>
/// <param name="Right">Kept pairs: the larger record index.</param>
/// <param name="MatchWeight">Kept pairs: total match weight in bits, term-frequency adjustment included.</param>
/// <param name="ClusterIds">Per record, its cluster (the smallest record index in it).</param>
/// <param name="Figures">Counts and timings.</param>
public sealed record LinkageResult(FellegiSunterModel Model, int[] Left, int[] Right, double[] MatchWeight, int[] ClusterIds, LinkageFigures Figures)
{
    /// <summary>The match probability of kept pair <paramref name="k"/>.</summary>
    public double MatchProbability(int k) => FellegiSunterModel.ToProbability(MatchWeight[k]);
}

/// <summary>One field's part in a pair's weight, with its term-frequency adjustment.</summary>
public sealed record FieldExplanation(string Column, byte Level, string LevelLabel, string? Left, string? Right, double M, double U, double Weight, double TermFrequencyWeight);

/// <summary>A pair's waterfall: the prior weight, then each field.</summary>
public sealed record PairExplanation(int Left, int Right, double PriorWeight, IReadOnlyList<FieldExplanation> Fields, double MatchWeight, double MatchProbability);

/// <summary>
/// Probabilistic record linkage end to end, the way Splink does it (Fellegi and Sunter 1969; Winkler 1988 for EM and
/// term frequencies; Splink's documentation for the sequence), on dictionary-encoded columns and all cores:
/// <list type="number">
/// <item>block: each rule groups records by a block id computed from codes; the rules' union is enumerated without a set of seen pairs;</item>
/// <item>u from random record pairs;</item>
/// <item>m by EM, one session per training rule with u fixed and the rule's own fields left out (they agree by
/// construction), averaged over sessions, on histograms of comparison vectors (memory O(distinct vectors), not O(pairs));</item>
/// <item>λ, the prior, from the candidates: the fixed point λ = E[matches among candidates | λ] / possible pairs;</item>
/// <item>score in a streaming pass with term-frequency adjustments, keeping pairs above <see cref="LinkageSettings.KeepAbove"/>;</item>
/// <item>cluster the pairs at <see cref="LinkageSettings.Threshold"/> (connected components, weak bridges cut, or correlation clustering).</item>
/// </list>
/// Each thread caches the level of every distinct value pair it compares in a fixed-size direct-mapped table per field,
/// so memory stays bounded however many pairs there are.
/// </summary>
public sealed class Linker
{
    private const int CacheBits = 16;
    private const long PairsPerWorkItem = 1 << 18;

    private readonly LinkageRecords records;
    private readonly LinkageSettings settings;
    private readonly int[][] codes;
    // The same codes row-major (record × field): comparing a pair touches two cache lines, not two per field.
    private readonly int[] rows;
    private readonly byte[] exactLevels;
    private readonly int[] radix;
    private readonly long vectorSpace;
    private double[][]? termFrequencyWeights;

    /// <summary>A linker over encoded records.</summary>
    public Linker(LinkageRecords records, LinkageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        if (records.Fields.Count != settings.Fields.Count)
            throw new ArgumentException($"The records hold {records.Fields.Count} fields, the settings {settings.Fields.Count}.", nameof(settings));
        if (settings.Blocking.Count == 0)
            throw new ArgumentException("Give at least one blocking rule: comparing every pair does not scale.", nameof(settings));
        if (!(settings.KeepAbove <= settings.Threshold))
            throw new ArgumentException("KeepAbove must not exceed Threshold.", nameof(settings));
        this.records = records;
        this.settings = settings;
        codes = records.Fields.Select(f => f.Codes).ToArray();
        rows = new int[records.Count * codes.Length];
        for (var f = 0; f < codes.Length; f++)
        {
            for (var i = 0; i < records.Count; i++)
                rows[i * codes.Length + f] = codes[f][i];
        }
        exactLevels = records.Fields.Select(f => f.Comparison.ExactLevel).ToArray();
        radix = records.Fields.Select(f => f.Comparison.LevelCount).ToArray();
        var space = radix.Aggregate(1.0, (a, k) => a * k);
        var rules = Math.Max(settings.Blocking.Count, settings.Training?.Count ?? 0);
        if (space * rules * 2 > long.MaxValue / 2.0)
            throw new ArgumentException("Too many fields and levels to key a comparison vector in 64 bits.", nameof(settings));
        vectorSpace = (long)space;
    }

    /// <summary>The model of the last <see cref="Run"/> (or the given one).</summary>
    public FellegiSunterModel? Model { get; private set; }

    /// <summary>Runs blocking, training, scoring and clustering.</summary>
    public LinkageResult Run(IProgress<LinkageProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new LinkageProgress("blocking", 0, settings.Blocking.Count));
        var prediction = Plan(settings.Blocking);
        var blockingTime = clock.Elapsed;

        var model = settings.Model;
        var distinct = 0;
        var iterations = 0;
        var converged = true;
        var share = double.NaN;
        var untrained = new List<string>();
        TimeSpan samplingTime = default, comparingTime = default, trainingTime = default;
        if (model is null)
        {
            clock.Restart();
            progress?.Report(new LinkageProgress("sampling u", 0, settings.RandomPairs));
            var u = SampleU();
            samplingTime = clock.Elapsed;

            clock.Restart();
            var sameRules = settings.Training is null || settings.Training.Select(r => r.ToString()).SequenceEqual(settings.Blocking.Select(r => r.ToString()));
            var training = sameRules ? prediction : Plan(settings.Training!);
            var trainingCounts = Histogram(training, progress, ct);
            var candidateCounts = sameRules ? FirstProduced(trainingCounts) : FirstProduced(Histogram(prediction, progress, ct));
            comparingTime = clock.Elapsed;

            clock.Restart();
            progress?.Report(new LinkageProgress("training", 0, training.Rules.Count));
            var m = TrainM(training, trainingCounts, u, untrained, ref distinct, ref iterations, ref converged);
            (model, share) = FitPrior(m, u, candidateCounts);
            trainingTime = clock.Elapsed;
        }
        else if (model.FieldCount != radix.Length || Enumerable.Range(0, radix.Length).Any(f => model.LevelCount(f) != radix[f]))
        {
            throw new ArgumentException("The given model's fields and levels do not match the settings' fields.", nameof(settings));
        }
        Model = model;
        termFrequencyWeights = TermFrequencyWeights(model);

        clock.Restart();
        var (left, right, weights, scored) = Score(prediction, model, progress, ct);
        var scoringTime = clock.Elapsed;

        clock.Restart();
        progress?.Report(new LinkageProgress("clustering", 0, left.Length));
        var probabilities = weights.Select(FellegiSunterModel.ToProbability).ToArray();
        var clusters = settings.Clustering switch
        {
            ClusteringMethod.ConnectedComponents => Clustering.ConnectedComponents(records.Count, left, right, probabilities, settings.Threshold),
            ClusteringMethod.Correlation => Clustering.CorrelationClustering(records.Count, left, right, probabilities, settings.Threshold, 0.01, settings.Seed),
            _ => Clustering.SplitWeakBridges(records.Count, left, right, probabilities, settings.Threshold, Math.Max(settings.Threshold, 0.99)),
        };
        var clusteringTime = clock.Elapsed;

        var figures = new LinkageFigures(scored, prediction.PerRule, distinct, iterations, converged, share, untrained, blockingTime, samplingTime,
            comparingTime, trainingTime, scoringTime, clusteringTime, Cores);
        return new LinkageResult(model, left, right, weights, clusters, figures);
    }

    /// <summary>The waterfall of one record pair under the last run's model (or the given one).</summary>
    public PairExplanation Explain(int left, int right)
    {
        var model = Model ?? settings.Model ?? throw new InvalidOperationException("Run first, or give a model in the settings.");
        termFrequencyWeights ??= TermFrequencyWeights(model);
        var fields = new FieldExplanation[radix.Length];
        var total = model.PriorWeight;
        for (var f = 0; f < radix.Length; f++)
        {
            var field = records.Fields[f];
            var (a, b) = (codes[f][left], codes[f][right]);
            var level = Level(f, a, b);
            var tf = level == exactLevels[f] && termFrequencyWeights[f].Length > 0 ? termFrequencyWeights[f][a] : 0;
            var weight = model.LevelWeight(f, level);
            total += weight + tf;
            fields[f] = new FieldExplanation(field.Comparison.Column, level, field.Comparison.LevelLabel(level),
                a < 0 ? null : field.Values[a], b < 0 ? null : field.Values[b], model.M(f, level), model.U(f, level), weight, tf);
        }
        return new PairExplanation(left, right, model.PriorWeight, fields, total, FellegiSunterModel.ToProbability(total));
    }

    private int Cores => settings.MaxDegreeOfParallelism ?? Environment.ProcessorCount;

    private ParallelOptions Parallelism(CancellationToken ct) => new() { MaxDegreeOfParallelism = Cores, CancellationToken = ct };

    // The level of one field for two codes, without a cache (explanations, u sampling).
    private byte Level(int field, int a, int b)
    {
        if (a < 0 || b < 0)
            return 0;
        if (a == b)
            return exactLevels[field];
        var values = records.Fields[field].Values;
        return records.Fields[field].Comparison.Compare(values[a], values[b]);
    }

    private double[][] StartM()
    {
        // Start EM with m rising towards exact agreement, so the first class found is the matches.
        var m = new double[radix.Length][];
        for (var f = 0; f < radix.Length; f++)
        {
            m[f] = new double[radix[f]];
            var sum = 0.0;
            for (var level = 1; level < radix[f]; level++)
                sum += m[f][level] = Math.Pow(4, level);
            for (var level = 1; level < radix[f]; level++)
                m[f][level] /= sum;
        }
        return m;
    }

    // Random pairs drawn from one seeded generator (deterministic), compared on all cores with the level caches.
    private double[][] SampleU()
    {
        var n = records.Count;
        var possible = (double)n * (n - 1) / 2;
        var samples = (int)Math.Min(settings.RandomPairs, possible);
        var left = new int[samples];
        var right = new int[samples];
        var random = new Random(settings.Seed);
        var taken = 0;
        var tries = 0L;
        while (taken < samples && tries++ < samples * 20L)
        {
            var i = random.Next(n);
            var j = random.Next(n);
            if (i == j || (settings.LinkOnly && records.Sources is { } s && s[i] == s[j]))
                continue;
            (left[taken], right[taken]) = (i, j);
            taken++;
        }
        var levels = radix.Select(_ => new byte[taken]).ToArray();
        var chunk = 1 << 14;
        Parallel.For(0, (taken + chunk - 1) / chunk, Parallelism(CancellationToken.None), () => new Comparer(this), (c, _, comparer) =>
        {
            for (var k = c * chunk; k < Math.Min(taken, (c + 1) * chunk); k++)
            {
                comparer.Compare(left[k], right[k]);
                for (var f = 0; f < radix.Length; f++)
                    levels[f][k] = comparer.Vector[f];
            }
            return comparer;
        }, _ => { });
        implied = AgreementDependence.Implied(codes, left.AsSpan(0, taken), right.AsSpan(0, taken));
        return UProbabilities.FromRandomPairs(levels, radix);
    }

    // implied[g][f]: among random pairs, f agrees whenever g does (from the u sample).
    private bool[][] implied = [];

    // One EM session per training rule: the rule's fields are set to null in its vectors (they agree by construction,
    // so they say nothing there), u stays at the random-pair estimate; a field's m is the mean over the sessions that
    // trained it, as Splink averages m over its training sessions.
    private double[][] TrainM(RulePlan training, Dictionary<long, long> counts, double[][] u, List<string> untrained, ref int distinct, ref int iterations, ref bool converged)
    {
        var fields = radix.Length;
        var sums = radix.Select(k => new double[k]).ToArray();
        var sessions = new int[fields];
        var start = new FellegiSunterModel(0.1, StartM(), u);
        var vector = new byte[fields];
        var (totalDistinct, totalIterations, allConverged) = (0, 0, true);

        // One EM session over the histogram entries taken, with the masked fields set to null; the m of every field
        // in trainable that the session saw non-null is added to its sums. Returns those fields.
        List<int> Session(Func<int, bool, bool> take, bool[] masked, IEnumerable<int> trainable)
        {
            var grouped = new Dictionary<long, double>();
            foreach (var (key, count) in counts)
            {
                var rule = Decode(key, vector, out var first);
                if (!take(rule, first))
                    continue;
                var k = 0L;
                for (var f = 0; f < fields; f++)
                    k = k * radix[f] + (masked[f] ? 0 : vector[f]);
                CollectionsMarshal.GetValueRefOrAddDefault(grouped, k, out _) += count;
            }
            if (grouped.Count == 0)
                return [];
            var (patterns, weights) = Patterns(grouped);
            var result = ExpectationMaximisation.TrainOnDistinct(patterns, weights, start,
                new ExpectationMaximisationOptions(KeepUFixed: true, ConvergenceThreshold: 1e-6, MaximumIterations: 200, MinimumProbability: 1e-6));
            totalDistinct += result.DistinctVectors;
            totalIterations += result.Iterations;
            allConverged &= result.Converged;
            var trained = trainable.Where(f => HasNonNull(patterns, f)).ToList();
            foreach (var f in trained)
            {
                sessions[f]++;
                for (var level = 1; level < radix[f]; level++)
                    sums[f][level] += result.Model.M(f, level);
            }
            return trained;
        }

        for (var r = 0; r < training.Rules.Count; r++)
        {
            // Masked: the rule's own fields, and fields whose agreement they imply (a town when blocking on postcode).
            var rule = training.Rules[r];
            var inRule = Enumerable.Range(0, fields).Select(f => rule.Uses(records.Fields[f].Comparison.Column)).ToArray();
            var masked = Enumerable.Range(0, fields)
                .Select(f => inRule[f] || Enumerable.Range(0, fields).Any(g => inRule[g] && implied.Length > 0 && implied[g][f])).ToArray();
            if (masked.All(x => x))
                continue;
            var sessionRule = r;
            Session((q, _) => q == sessionRule, masked, Enumerable.Range(0, fields).Where(f => !masked[f]));
        }
        // A field that every training rule uses (a file with one field, say) gets no masked session: train it on the
        // union of the rules' pairs unmasked, which leans towards agreement but beats an untrained start.
        var unmaskedFields = Enumerable.Range(0, fields)
            .Where(f => sessions[f] == 0 && training.Rules.All(rule => rule.Uses(records.Fields[f].Comparison.Column))).ToArray();
        if (unmaskedFields.Length > 0)
        {
            foreach (var f in Session((_, first) => first, new bool[fields], unmaskedFields))
                untrained.Add(records.Fields[f].Comparison.Column + " (trained on its own blocks, unmasked)");
        }
        (distinct, iterations, converged) = (distinct + totalDistinct, iterations + totalIterations, converged && allConverged);
        var startM = StartM();
        var m = new double[fields][];
        for (var f = 0; f < fields; f++)
        {
            if (sessions[f] == 0)
            {
                untrained.Add(records.Fields[f].Comparison.Column);
                m[f] = startM[f];
                continue;
            }
            m[f] = sums[f].Select(x => x / sessions[f]).ToArray();
        }
        return m;
    }

    private bool HasNonNull(byte[] patterns, int field)
    {
        for (var k = field; k < patterns.Length; k += radix.Length)
        {
            if (patterns[k] != 0)
                return true;
        }
        return false;
    }

    // λ over all possible pairs such that the expected matches among the candidates (pairs outside them taken as
    // non-matches) divided by the possible pairs give λ back: a fixed point reached by iterating (EM on λ alone).
    private (FellegiSunterModel Model, double CandidateShare) FitPrior(double[][] m, double[][] u, Dictionary<long, long> candidates)
    {
        var possible = PossiblePairs();
        var fields = radix.Length;
        var bayes = new List<(double LogFactor, long Count)>();
        var vector = new byte[fields];
        var total = 0L;
        // Sorted, so the sums below run in the same order whatever the threads did (identical results on any core count).
        foreach (var (key, count) in candidates.OrderBy(kv => kv.Key))
        {
            Decode(key, vector, out _);
            var w = 0.0;
            for (var f = 0; f < fields; f++)
            {
                if (vector[f] != 0)
                    w += Math.Log(m[f][vector[f]] / u[f][vector[f]]);
            }
            bayes.Add((w, count));
            total += count;
        }
        var prior = Math.Clamp(total * 0.1 / possible, 1e-12, 0.5);
        var expected = 0.0;
        for (var step = 0; step < 200 && total > 0; step++)
        {
            var logOdds = Math.Log(prior / (1 - prior));
            expected = bayes.Sum(b => b.Count / (1 + Math.Exp(-(logOdds + b.LogFactor))));
            var next = Math.Clamp(expected / possible, 1e-12, 0.5);
            var moved = Math.Abs(next - prior) / prior;
            prior = next;
            if (moved < 1e-9)
                break;
        }
        return (new FellegiSunterModel(prior, m, u), total == 0 ? 0 : expected / total);
    }

    // All pairs a run could compare: n(n-1)/2, or only pairs across sources in link mode.
    private double PossiblePairs()
    {
        var n = (double)records.Count;
        var all = n * (n - 1) / 2;
        if (!settings.LinkOnly || records.Sources is null)
            return Math.Max(all, 1);
        var within = records.Sources.GroupBy(s => s).Sum(g => (double)g.Count() * (g.Count() - 1) / 2);
        return Math.Max(all - within, 1);
    }

    // Splink's term-frequency adjustment: at exact agreement the value's own frequency replaces u, so the weight gains
    // log2(u_exact / tf(value)) — more for a rare surname, less (or negative) for a common one.
    private double[][] TermFrequencyWeights(FellegiSunterModel model)
    {
        var result = new double[radix.Length][];
        for (var f = 0; f < radix.Length; f++)
        {
            var field = records.Fields[f];
            if (!field.Comparison.TermFrequency || field.NonNull == 0)
            {
                result[f] = [];
                continue;
            }
            var uExact = model.U(f, exactLevels[f]);
            result[f] = new double[field.Values.Length];
            for (var v = 0; v < field.Values.Length; v++)
                result[f][v] = Math.Log2(uExact / ((double)field.Frequencies[v] / field.NonNull));
        }
        return result;
    }

    // A unit of parallel work: a run of blocks of one rule, or a slice of rows of one large block.
    private readonly record struct WorkItem(int Rule, int BlockFrom, int BlockTo, int RowFrom, int RowTo);

    // Rules with their blocks and work items. A rule's pair is "first" only when no earlier rule of the plan produced it.
    // BlockRows: block ids row-major (record × rule), so the earlier-rule check reads one cache line per record.
    private sealed record RulePlan(IReadOnlyList<BlockingRule> Rules, int[] BlockRows, (int[] Start, int[] Members)[] Blocks, List<WorkItem> Items, long[] PerRule)
    {
        public long Upper => PerRule.Sum();
    }

    private RulePlan Plan(IReadOnlyList<BlockingRule> rules)
    {
        var blockIds = new int[rules.Count][];
        var blocks = new (int[], int[])[rules.Count];
        var perRule = new long[rules.Count];
        var items = new List<WorkItem>();
        for (var r = 0; r < rules.Count; r++)
        {
            blockIds[r] = rules[r].BlockIds(records, out var blockCount);
            var (start, members) = Blocking.GroupByBlock(blockIds[r], blockCount);
            blocks[r] = (start, members);
            var from = 0;
            var pending = 0L;
            for (var b = 0; b < blockCount; b++)
            {
                long size = start[b + 1] - start[b];
                var pairs = size * (size - 1) / 2;
                perRule[r] += pairs;
                if (pairs > PairsPerWorkItem)
                {
                    if (b > from)
                        items.Add(new WorkItem(r, from, b, -1, -1));
                    // Split rows so slices hold about the same number of pairs (row x pairs with every later row).
                    var row = start[b];
                    while (row < start[b + 1] - 1)
                    {
                        var sliceEnd = row;
                        var slicePairs = 0L;
                        while (sliceEnd < start[b + 1] - 1 && slicePairs < PairsPerWorkItem)
                            slicePairs += start[b + 1] - 1 - sliceEnd++;
                        items.Add(new WorkItem(r, b, b + 1, row, sliceEnd));
                        row = sliceEnd;
                    }
                    from = b + 1;
                    pending = 0;
                    continue;
                }
                pending += pairs;
                if (pending >= PairsPerWorkItem)
                {
                    items.Add(new WorkItem(r, from, b + 1, -1, -1));
                    from = b + 1;
                    pending = 0;
                }
            }
            if (from < blockCount)
                items.Add(new WorkItem(r, from, blockCount, -1, -1));
        }
        var blockRows = new int[records.Count * rules.Count];
        for (var r = 0; r < rules.Count; r++)
        {
            for (var i = 0; i < records.Count; i++)
                blockRows[i * rules.Count + r] = blockIds[r][i];
        }
        return new RulePlan(rules, blockRows, blocks, items, perRule);
    }

    // Calls visit(i, j, first) for every pair of the item; first = no earlier rule of the plan produced it.
    private void ForEachPair<TVisitor>(RulePlan plan, WorkItem item, bool firstOnly, ref TVisitor visitor) where TVisitor : struct, IPairVisitor
    {
        var (start, members) = plan.Blocks[item.Rule];
        var sources = settings.LinkOnly ? records.Sources : null;
        var ids = plan.BlockRows;
        var ruleCount = plan.Rules.Count;
        for (var b = item.BlockFrom; b < item.BlockTo; b++)
        {
            var end = start[b + 1];
            var (rowFrom, rowTo) = item.RowFrom >= 0 ? (item.RowFrom, item.RowTo) : (start[b], end - 1);
            for (var x = rowFrom; x < rowTo; x++)
            {
                var i = members[x];
                for (var y = x + 1; y < end; y++)
                {
                    var j = members[y];
                    if (sources is not null && sources[i] == sources[j])
                        continue;
                    var first = true;
                    for (var q = 0; q < item.Rule; q++)
                    {
                        var block = ids[i * ruleCount + q];
                        if (block >= 0 && block == ids[j * ruleCount + q])
                        {
                            first = false;
                            break;
                        }
                    }
                    if (firstOnly && !first)
                        continue;
                    visitor.Visit(i, j, first);
                }
            }
        }
    }

    private interface IPairVisitor
    {
        void Visit(int i, int j, bool first);
    }

    // Per-thread comparison state: the direct-mapped cache of levels per distinct value pair, per field.
    private sealed class Comparer(Linker linker)
    {
        private readonly long[][] keys = linker.radix.Select(_ => new long[1 << CacheBits]).ToArray();
        private readonly byte[][] levels = linker.radix.Select(_ => new byte[1 << CacheBits]).ToArray();
        public readonly byte[] Vector = new byte[linker.radix.Length];

        public void Compare(int i, int j)
        {
            var fields = Vector.Length;
            var left = linker.rows.AsSpan(i * fields, fields);
            var right = linker.rows.AsSpan(j * fields, fields);
            for (var f = 0; f < fields; f++)
            {
                var a = left[f];
                var b = right[f];
                if (a < 0 || b < 0)
                    Vector[f] = 0;
                else if (a == b)
                    Vector[f] = linker.exactLevels[f];
                else
                    Vector[f] = Cached(f, Math.Min(a, b), Math.Max(a, b));
            }
        }

        private byte Cached(int field, int low, int high)
        {
            var key = ((long)low << 32) | (uint)high; // never 0: high > low ≥ 0
            var slot = (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> (64 - CacheBits));
            if (keys[field][slot] == key)
                return levels[field][slot];
            var values = linker.records.Fields[field].Values;
            var level = linker.records.Fields[field].Comparison.Compare(values[low], values[high]);
            keys[field][slot] = key;
            levels[field][slot] = level;
            return level;
        }
    }

    // Histogram key: ((rule × 2 + first) × vector space) + vector read as a mixed-radix number.
    private int Decode(long key, byte[] vector, out bool first)
    {
        var rest = key % vectorSpace;
        for (var f = radix.Length - 1; f >= 0; f--)
        {
            vector[f] = (byte)(rest % radix[f]);
            rest /= radix[f];
        }
        var tag = key / vectorSpace;
        first = tag % 2 == 1;
        return (int)(tag / 2);
    }

    // The union's candidates: each pair counted once (under the first rule that produced it), keyed by its vector alone.
    private Dictionary<long, long> FirstProduced(Dictionary<long, long> counts)
    {
        var result = new Dictionary<long, long>();
        foreach (var (key, count) in counts)
        {
            if ((key / vectorSpace) % 2 == 1)
                CollectionsMarshal.GetValueRefOrAddDefault(result, key % vectorSpace, out _) += count;
        }
        return result;
    }

    private (byte[] Patterns, double[] Counts) Patterns(Dictionary<long, double> grouped)
    {
        var fields = radix.Length;
        var patterns = new byte[grouped.Count * fields];
        var counts = new double[grouped.Count];
        var p = 0;
        foreach (var (key, count) in grouped.OrderBy(kv => kv.Key))
        {
            var rest = key;
            for (var f = fields - 1; f >= 0; f--)
            {
                patterns[p * fields + f] = (byte)(rest % radix[f]);
                rest /= radix[f];
            }
            counts[p++] = count;
        }
        return (patterns, counts);
    }

    private struct HistogramVisitor(Comparer comparer, int[] radix, long vectorSpace, int rule, Dictionary<long, long> counts) : IPairVisitor
    {
        public long Pairs;

        public void Visit(int i, int j, bool first)
        {
            comparer.Compare(i, j);
            var key = 0L;
            for (var f = 0; f < radix.Length; f++)
                key = key * radix[f] + comparer.Vector[f];
            key += (rule * 2L + (first ? 1 : 0)) * vectorSpace;
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
            Pairs++;
        }
    }

    private Dictionary<long, long> Histogram(RulePlan plan, IProgress<LinkageProgress>? progress, CancellationToken ct)
    {
        var merged = new Dictionary<long, long>();
        Pass(plan, "comparing", () => new Dictionary<long, long>(), (item, comparer, counts) =>
            {
                var visitor = new HistogramVisitor(comparer, radix, vectorSpace, item.Rule, counts);
                ForEachPair(plan, item, firstOnly: false, ref visitor);
                return visitor.Pairs;
            },
            counts =>
            {
                foreach (var (key, count) in counts)
                    CollectionsMarshal.GetValueRefOrAddDefault(merged, key, out _) += count;
            }, progress, ct);
        return merged;
    }

    // One parallel pass over a plan's pairs: each thread has its own comparer (and cache) and state, merged under a
    // lock at the end; progress after every work item.
    private void Pass<TState>(RulePlan plan, string stage, Func<TState> newState, Func<WorkItem, Comparer, TState, long> visit,
        Action<TState> merge, IProgress<LinkageProgress>? progress, CancellationToken ct)
    {
        var done = 0L;
        var gate = new object();
        Parallel.ForEach(plan.Items, Parallelism(ct),
            () => (Comparer: new Comparer(this), State: newState()),
            (item, _, local) =>
            {
                var now = Interlocked.Add(ref done, visit(item, local.Comparer, local.State));
                progress?.Report(new LinkageProgress(stage, now, plan.Upper));
                return local;
            },
            local =>
            {
                lock (gate)
                    merge(local.State);
            });
    }

    private struct ScoringVisitor(Linker linker, Comparer comparer, double[][] weights, double priorWeight, double keepWeight, List<(int, int, double)> kept) : IPairVisitor
    {
        public long Pairs;

        public void Visit(int i, int j, bool first)
        {
            comparer.Compare(i, j);
            var total = priorWeight;
            var tf = linker.termFrequencyWeights!;
            for (var f = 0; f < weights.Length; f++)
            {
                var level = comparer.Vector[f];
                total += weights[f][level];
                if (level == linker.exactLevels[f] && tf[f].Length > 0)
                    total += tf[f][linker.rows[i * weights.Length + f]];
            }
            if (total >= keepWeight)
                kept.Add((i, j, total));
            Pairs++;
        }
    }

    private (int[] Left, int[] Right, double[] Weights, long Scored) Score(RulePlan plan, FellegiSunterModel model, IProgress<LinkageProgress>? progress, CancellationToken ct)
    {
        var weights = Enumerable.Range(0, radix.Length)
            .Select(f => Enumerable.Range(0, radix[f]).Select(level => model.LevelWeight(f, level)).ToArray()).ToArray();
        // Keep when probability ≥ KeepAbove, i.e. weight ≥ log2(p / (1 - p)).
        var keepWeight = settings.KeepAbove <= 0 ? double.NegativeInfinity : Math.Log2(settings.KeepAbove / (1 - settings.KeepAbove));
        var all = new List<List<(int, int, double)>>();
        var scored = 0L;
        Pass(plan, "scoring", () => new List<(int, int, double)>(), (item, comparer, kept) =>
            {
                var visitor = new ScoringVisitor(this, comparer, weights, model.PriorWeight, keepWeight, kept);
                ForEachPair(plan, item, firstOnly: true, ref visitor);
                Interlocked.Add(ref scored, visitor.Pairs);
                return visitor.Pairs;
            },
            all.Add, progress, ct);
        // Threads finish in any order: sort so the output is the same on every run.
        var pairs = all.SelectMany(x => x).OrderBy(p => p.Item1).ThenBy(p => p.Item2).ToArray();
        return (pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray(), pairs.Select(p => p.Item3).ToArray(), scored);
    }
}
