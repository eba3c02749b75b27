namespace Waterline.Analytics.Hotspots;

/// <summary>xoshiro256** (Blackman and Vigna 2018) seeded through SplitMix64 from (seed, stream): one independent stream
/// per area or per permutation block, so permutation results do not depend on how work is split over cores.</summary>
internal struct StreamRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public StreamRandom(int seed, long stream)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in 0..bound-1 (Lemire's multiply-shift with rejection, unbiased).</summary>
    public int Below(int bound)
    {
        var b = (ulong)bound;
        var product = Math.BigMul(Next(), b, out var low);
        if (low < b)
        {
            var threshold = (0UL - b) % b;
            while (low < threshold)
                product = Math.BigMul(Next(), b, out low);
        }
        return (int)product;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle(Span<double> values)
    {
        for (var k = values.Length - 1; k > 0; k--)
        {
            var j = Below(k + 1);
            (values[k], values[j]) = (values[j], values[k]);
        }
    }
}
