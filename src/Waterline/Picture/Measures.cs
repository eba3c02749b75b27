using Waterline.Observations;

namespace Waterline.Picture;

public enum PictureMeasure
{
    Observations,
    QuantityKg,
    Plants,
    MeanLoad,
}

public enum PictureGranularity
{
    Month,
    Quarter,
    Year,
}

/// <summary>What a figure on the market picture means. Every chart, map and table shows these, so that no
/// number travels without its unit and definition.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Id">Stable token used in URLs and as the CSV value column name.</param>
/// <param name="Label">Name shown to people.</param>
/// <param name="Unit">Unit shown next to every figure.</param>
/// <param name="Definition">What is counted or summed, and its main caveat.</param>
/// <param name="OnlyKind">The measure only exists for this kind of observation; other kinds are left out.</param>
public sealed record MeasureDefinition(PictureMeasure Measure, string Id, string Label, string Unit, string Definition,
    ObservationKind? OnlyKind);

public static class Measures
{
    public static IReadOnlyList<MeasureDefinition> All { get; } =
    [
        new(PictureMeasure.Observations, "observations", "Observations", "observations",
            "Observations: number of reports recorded by the selected sources whose event occurred in the period; " +
            "one seizure = one observation. Counts reflect enforcement effort as much as the market.", null),
        new(PictureMeasure.QuantityKg, "quantity_kg", "Quantity seized", "kg",
            "Quantity seized: sum of the seized quantities in kilograms, over seizures whose quantity was reported in a " +
            "unit of mass (kg, g, t); seizures counted in units, litres or plants are left out. A few large port " +
            "seizures can dominate a period.", ObservationKind.Seizure),
        new(PictureMeasure.Plants, "plants", "Cannabis plants", "plants",
            "Cannabis plants: number of plants found at dismantled production sites (plantations) whose dismantling " +
            "occurred in the period. Sites without a plant count add nothing.", ObservationKind.ProductionSite),
        new(PictureMeasure.MeanLoad, "mean_load", "Mean wastewater load", "mg/1000 inhabitants/day",
            "Mean wastewater load: mean of the daily loads measured in the period, in milligrams per 1000 inhabitants " +
            "per day (EUDA method), over all selected measurements: sum of loads / number of measurements. " +
            "Not weighted by population.", ObservationKind.WastewaterMeasurement),
    ];

    public static MeasureDefinition Get(PictureMeasure measure) => All.Single(m => m.Measure == measure);

    public static MeasureDefinition? FindById(string id) =>
        All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
}
