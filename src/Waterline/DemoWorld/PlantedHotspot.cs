namespace Waterline.DemoWorld;

/// <summary>A place where the demo world concentrates violence on purpose, so that hotspot detection has a
/// known truth to find. Centres are approximate public locations named in press coverage of the
/// 2022-2025 shootings (Brussels) and explosions (Antwerp districts); they are not incident data.</summary>
public sealed record PlantedHotspot(string Name, string Country, string RegionCode, string MunicipalityCode,
    double Latitude, double Longitude, double SpreadMetres, double Weight, string City);

public static class PlantedHotspots
{
    /// <summary>Belgian violence hotspots; about four in five Belgian incidents fall around one of these.</summary>
    public static IReadOnlyList<PlantedHotspot> All { get; } =
    [
        new("Anderlecht - Clemenceau", "BE", "04000", "21001", 50.8416, 4.3302, 250, 0.22, "Brussels"),
        new("Sint-Jans-Molenbeek - Etangs Noirs", "BE", "04000", "21012", 50.8560, 4.3380, 250, 0.13, "Brussels"),
        new("Sint-Gillis - Porte de Hal", "BE", "04000", "21013", 50.8334, 4.3453, 220, 0.14, "Brussels"),
        new("Schaarbeek - Helmet", "BE", "04000", "21015", 50.8668, 4.3790, 250, 0.09, "Brussels"),
        new("Antwerpen - Deurne", "BE", "10000", "11002", 51.2130, 4.4650, 300, 0.15, "Antwerp"),
        new("Antwerpen - Borgerhout", "BE", "10000", "11002", 51.2115, 4.4405, 250, 0.16, "Antwerp"),
        new("Antwerpen - Merksem", "BE", "10000", "11002", 51.2460, 4.4470, 300, 0.11, "Antwerp"),
    ];
}
