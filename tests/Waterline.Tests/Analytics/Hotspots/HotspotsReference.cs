using System.Text.Json;

namespace Waterline.Tests.Analytics.Hotspots;

/// <summary>hotspots_reference.json: recorded by <c>Rscript scripts/reference/hotspots_reference.R</c> with R 4.2.2, spdep 1.2-7,
/// surveillance 1.20.3 and sf 1.0-9 (the versions are in the file). Tests never run R.</summary>
public static class HotspotsReference
{
    public static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Analytics", "Hotspots", "hotspots_reference.json"))).RootElement;

    public static double[] Doubles(this JsonElement element) =>
        [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble())];

    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();

    /// <summary>|actual - expected| ≤ tolerance · max(1, |expected|), element by element.</summary>
    public static void Close(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Close(expected[i], actual[i], tolerance, $"{what}[{i}]");
    }

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual}");
            return;
        }
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:E2})");
    }
}
