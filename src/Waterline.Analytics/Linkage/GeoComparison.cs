namespace Waterline.Analytics.Linkage;

/// <summary>
/// Great-circle distance and a distance ladder for points given as WGS84 latitude and longitude in degrees.
/// </summary>
public sealed class GeoComparison
{
    /// <summary>
    /// The mean Earth radius R1 = (2a + b) / 3 of the GRS80 / WGS84 ellipsoid, 6,371.0088 km (Moritz 2000, "Geodetic
    /// Reference System 1980", J. Geodesy 74). A sphere of this radius is off by up to about 0.5 % against the
    /// ellipsoid, which is immaterial for linkage.
    /// </summary>
    public const double MeanEarthRadiusKm = 6371.0088;

    private readonly double[] thresholdsKm;

    /// <summary>A ladder of distance thresholds in km (any order; sorted closest first, duplicates refused).</summary>
    public GeoComparison(params double[] thresholdsKm)
    {
        ArgumentNullException.ThrowIfNull(thresholdsKm);
        if (thresholdsKm.Length == 0 || thresholdsKm.Length > 253)
            throw new ArgumentException("A ladder needs 1 to 253 thresholds.", nameof(thresholdsKm));
        foreach (var t in thresholdsKm)
        {
            if (!(t >= 0 && double.IsFinite(t)))
                throw new ArgumentOutOfRangeException(nameof(thresholdsKm), t, "Thresholds must be finite and not negative.");
        }
        this.thresholdsKm = [.. thresholdsKm.Order()];
        for (var i = 1; i < this.thresholdsKm.Length; i++)
        {
            if (this.thresholdsKm[i] == this.thresholdsKm[i - 1])
                throw new ArgumentException($"Threshold {this.thresholdsKm[i]} km appears twice.", nameof(thresholdsKm));
        }
    }

    /// <summary>The thresholds in km, closest first.</summary>
    public IReadOnlyList<double> ThresholdsKm => thresholdsKm;

    /// <summary>K: null, else and one level per threshold (there is no separate exact level; use a 0 km threshold).</summary>
    public int LevelCount => thresholdsKm.Length + 2;

    /// <summary>
    /// Haversine great-circle distance in km (Sinnott 1984, "Virtues of the Haversine", Sky and Telescope 68(2)):
    /// 2R·asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))), on a sphere of <paramref name="radiusKm"/>
    /// (default <see cref="MeanEarthRadiusKm"/>). Stable for short distances, where the spherical law of cosines is not.
    /// </summary>
    public static double HaversineKm(double latitude1, double longitude1, double latitude2, double longitude2,
        double radiusKm = MeanEarthRadiusKm)
    {
        const double radians = Math.PI / 180;
        var phi1 = latitude1 * radians;
        var phi2 = latitude2 * radians;
        var sinHalfPhi = Math.Sin((phi2 - phi1) / 2);
        var sinHalfLambda = Math.Sin((longitude2 - longitude1) * radians / 2);
        var h = sinHalfPhi * sinHalfPhi + Math.Cos(phi1) * Math.Cos(phi2) * sinHalfLambda * sinHalfLambda;
        // Rounding can push h a hair above 1 for antipodal points.
        return 2 * radiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    /// <summary>
    /// The level of two points: 0 when either is missing or has a NaN or out-of-range coordinate (latitude beyond
    /// ±90, longitude beyond ±180), K-1-i for the first threshold i (closest first) the distance is within, else 1.
    /// </summary>
    public byte Level((double Latitude, double Longitude)? a, (double Latitude, double Longitude)? b)
    {
        if (a is not { } p || b is not { } q || !IsValid(p.Latitude, p.Longitude) || !IsValid(q.Latitude, q.Longitude))
            return 0;
        var distance = HaversineKm(p.Latitude, p.Longitude, q.Latitude, q.Longitude);
        for (var i = 0; i < thresholdsKm.Length; i++)
        {
            if (distance <= thresholdsKm[i])
                return (byte)(LevelCount - 1 - i);
        }
        return 1;
    }

    /// <summary>A short name of each level ("within 1 km").</summary>
    public string LevelName(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, LevelCount);
        return level switch
        {
            0 => "null",
            1 => "else",
            _ => FormattableString.Invariant($"within {thresholdsKm[LevelCount - 1 - level]} km"),
        };
    }

    private static bool IsValid(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;
}
