namespace Waterline.Analytics.Linkage;

/// <summary>Settings for <see cref="ExpectationMaximisation.Train"/>.</summary>
/// <param name="KeepUFixed">Train only m and λ, keeping u as given (Splink estimates u from random pairs first).</param>
/// <param name="ConvergenceThreshold">Stop when no m, u or λ moves by more than this in one iteration.</param>
/// <param name="MaximumIterations">Stop after this many iterations in any case.</param>
/// <param name="MinimumProbability">Floor on every trained m and u, so a level absent from the data keeps a finite weight.</param>
public sealed record ExpectationMaximisationOptions(
    bool KeepUFixed = false,
    double ConvergenceThreshold = 1e-6,
    int MaximumIterations = 500,
    double MinimumProbability = 1e-9);

/// <summary>The trained model and how training went.</summary>
/// <param name="Model">The model after the last iteration.</param>
/// <param name="Iterations">Iterations run.</param>
/// <param name="FinalChange">Largest absolute change of any m, u or λ in the last iteration.</param>
/// <param name="Converged">Whether <see cref="FinalChange"/> fell to the threshold before the iteration limit.</param>
/// <param name="DistinctVectors">The number of distinct comparison vectors the iterations ran over.</param>
public sealed record ExpectationMaximisationResult(FellegiSunterModel Model, int Iterations, double FinalChange, bool Converged, int DistinctVectors);

/// <summary>
/// Unsupervised training of a <see cref="FellegiSunterModel"/> by expectation-maximisation for a two-class mixture of
/// conditionally independent categorical fields (Winkler 1988, "Using the EM algorithm for weight computation in the
/// Fellegi-Sunter model of record linkage", ASA Proc. Survey Research Methods; Jaro 1989, JASA 84(406)), as Splink
/// does it: null levels (0) are left out of both the likelihood and the m/u denominators of their field.
/// </summary>
/// <remarks>
/// Identical comparison vectors are grouped first, so each iteration costs O(distinct vectors × fields), not O(pairs).
/// The classes are identified by the start: begin with m favouring agreement levels, or the labels may swap.
/// </remarks>
public static class ExpectationMaximisation
{
    /// <summary>Trains m, λ and (unless <see cref="ExpectationMaximisationOptions.KeepUFixed"/>) u from unlabelled comparison vectors.</summary>
    /// <param name="levels">One column per field, one level per pair (column-major comparison vectors).</param>
    /// <param name="start">The starting model; it also fixes the number of levels per field, and u when u is kept fixed.</param>
    /// <param name="options">Threshold, iteration limit, fixed u; defaults when null.</param>
    public static ExpectationMaximisationResult Train(IReadOnlyList<byte[]> levels, FellegiSunterModel start, ExpectationMaximisationOptions? options = null)
    {
        options ??= new ExpectationMaximisationOptions();
        if (options.MaximumIterations < 1 || !(options.ConvergenceThreshold >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "Need at least one iteration and a non-negative threshold.");
        var fields = start.FieldCount;
        if (levels.Count != fields)
            throw new ArgumentException($"Expected {fields} columns, got {levels.Count}.", nameof(levels));
        var (patterns, counts) = GroupVectors(levels, start);
        return TrainOnDistinct(patterns, counts, start, options);
    }

    /// <summary>
    /// The same training over comparison vectors already grouped: <paramref name="patterns"/> holds the distinct
    /// vectors row-major (field count bytes each) and <paramref name="counts"/> how many pairs share each. Lets a caller
    /// stream pairs into a histogram and never hold them (memory O(distinct vectors), not O(pairs)).
    /// </summary>
    /// <param name="patterns">Distinct vectors, row-major.</param>
    /// <param name="counts">Pairs per distinct vector; all positive.</param>
    /// <param name="start">The starting model (levels per field, u when kept fixed).</param>
    /// <param name="options">Threshold, iteration limit, fixed u; defaults when null.</param>
    public static ExpectationMaximisationResult TrainOnDistinct(byte[] patterns, double[] counts, FellegiSunterModel start, ExpectationMaximisationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(counts);
        options ??= new ExpectationMaximisationOptions();
        if (options.MaximumIterations < 1 || !(options.ConvergenceThreshold >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "Need at least one iteration and a non-negative threshold.");
        var fields = start.FieldCount;
        if (counts.Length == 0 || patterns.Length != counts.Length * fields)
            throw new ArgumentException($"{counts.Length} counts need {counts.Length * fields} pattern bytes (got {patterns.Length}), and at least one vector.", nameof(patterns));
        for (var k = 0; k < patterns.Length; k++)
        {
            if (patterns[k] >= start.LevelCount(k % fields))
                throw new ArgumentException($"Vector {k / fields}, field {k % fields}: level {patterns[k]} but the field has {start.LevelCount(k % fields)} levels.", nameof(patterns));
        }
        var distinct = counts.Length;

        var m = new double[fields][];
        var u = new double[fields][];
        var logRatio = new double[fields][];
        for (var f = 0; f < fields; f++)
        {
            m[f] = new double[start.LevelCount(f)];
            u[f] = new double[start.LevelCount(f)];
            logRatio[f] = new double[start.LevelCount(f)];
            for (var level = 1; level < m[f].Length; level++)
                (m[f][level], u[f][level]) = (start.M(f, level), start.U(f, level));
        }
        var prior = start.Prior;
        var total = counts.Sum();
        var matchMass = m.Select(x => new double[x.Length]).ToArray();
        var nonMatchMass = m.Select(x => new double[x.Length]).ToArray();

        var iterations = 0;
        var change = double.PositiveInfinity;
        while (iterations < options.MaximumIterations && change > options.ConvergenceThreshold)
        {
            iterations++;
            for (var f = 0; f < fields; f++)
            {
                for (var level = 1; level < m[f].Length; level++)
                    logRatio[f][level] = Math.Log(m[f][level] / u[f][level]);
                Array.Clear(matchMass[f]);
                Array.Clear(nonMatchMass[f]);
            }

            // E step: posterior match probability per distinct vector; M step sums weighted by its count.
            var logPriorOdds = Math.Log(prior / (1 - prior));
            var expectedMatches = 0.0;
            for (var p = 0; p < distinct; p++)
            {
                var vector = patterns.AsSpan(p * fields, fields);
                var logOdds = logPriorOdds;
                for (var f = 0; f < fields; f++)
                    logOdds += logRatio[f][vector[f]];
                var posterior = 1 / (1 + Math.Exp(-logOdds));
                var asMatch = counts[p] * posterior;
                var asNonMatch = counts[p] - asMatch;
                expectedMatches += asMatch;
                for (var f = 0; f < fields; f++)
                {
                    matchMass[f][vector[f]] += asMatch;
                    nonMatchMass[f][vector[f]] += asNonMatch;
                }
            }

            var newPrior = Math.Clamp(expectedMatches / total, 1e-12, 1 - 1e-12);
            change = Math.Abs(newPrior - prior);
            prior = newPrior;
            for (var f = 0; f < fields; f++)
            {
                change = Math.Max(change, Update(m[f], matchMass[f], options.MinimumProbability));
                if (!options.KeepUFixed)
                    change = Math.Max(change, Update(u[f], nonMatchMass[f], options.MinimumProbability));
            }
        }

        var model = new FellegiSunterModel(prior, m, u);
        return new ExpectationMaximisationResult(model, iterations, change, change <= options.ConvergenceThreshold, distinct);
    }

    // New probabilities over levels 1..K-1 from expected counts (level 0, null, is excluded); returns the largest move.
    private static double Update(double[] probabilities, double[] mass, double floor)
    {
        var sum = 0.0;
        for (var level = 1; level < mass.Length; level++)
            sum += mass[level];
        if (!(sum > 0))
            return 0; // the field is null in every pair: nothing to learn, keep the start
        var floored = 0.0;
        for (var level = 1; level < mass.Length; level++)
            floored += Math.Max(mass[level] / sum, floor);
        var largest = 0.0;
        for (var level = 1; level < mass.Length; level++)
        {
            var next = Math.Max(mass[level] / sum, floor) / floored;
            largest = Math.Max(largest, Math.Abs(next - probabilities[level]));
            probabilities[level] = next;
        }
        return largest;
    }

    // Distinct comparison vectors, row-major (fields per vector), with how often each occurs. The key is the vector
    // read as a mixed-radix number with the fields' level counts as bases, which fits a ulong for any realistic model.
    private static (byte[] Patterns, double[] Counts) GroupVectors(IReadOnlyList<byte[]> levels, FellegiSunterModel model)
    {
        var fields = model.FieldCount;
        var pairs = levels[0].Length;
        if (pairs == 0)
            throw new ArgumentException("EM needs at least one comparison vector.", nameof(levels));
        var capacity = 1.0;
        for (var f = 0; f < fields; f++)
        {
            if (levels[f].Length != pairs)
                throw new ArgumentException($"Column {f} holds {levels[f].Length} pairs, column 0 holds {pairs}.", nameof(levels));
            capacity *= model.LevelCount(f);
        }
        if (capacity > ulong.MaxValue / 2.0)
            throw new NotSupportedException("Too many fields and levels to key a comparison vector in 64 bits.");

        var keys = new ulong[pairs];
        for (var f = 0; f < fields; f++)
        {
            var column = levels[f];
            var radix = (ulong)model.LevelCount(f);
            for (var i = 0; i < pairs; i++)
            {
                if (column[i] >= radix)
                    throw new ArgumentException($"Field {f}, pair {i}: level {column[i]} but the field has {radix} levels.", nameof(levels));
                keys[i] = keys[i] * radix + column[i];
            }
        }

        var index = new Dictionary<ulong, int>();
        var patterns = new List<byte>();
        var counts = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            if (index.TryGetValue(keys[i], out var p))
            {
                counts[p]++;
                continue;
            }
            index[keys[i]] = counts.Count;
            counts.Add(1);
            for (var f = 0; f < fields; f++)
                patterns.Add(levels[f][i]);
        }
        return (patterns.ToArray(), counts.ToArray());
    }
}
