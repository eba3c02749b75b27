using Waterline.Displacement;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.DemoWorld;

/// <summary>Public, dated events for the displacement timelines, seeded with the demo world (TLP:CLEAR: every organisation
/// reads them). Only events whose date a stored source gives; the day is the first of the month where the source gives a month.</summary>
public static class DemoInterventions
{
    /// <summary>The organisation recorded as having entered them.</summary>
    public const string Owner = "BE-DRUGSCOM";

    public static IReadOnlyList<RecordIntervention.Request> All { get; } =
    [
        // DISMARK summary (Colman et al. 2018; shared/seeds/003): Belgian users were supplied in Dutch coffee shops "until 2012",
        // when the I-criterion was introduced; in force in the southern provinces from 1 May 2012.
        new(new DateOnly(2012, 5, 1), "Dutch residence criterion for coffee shops (southern provinces)",
            "Coffee shops in Limburg, Noord-Brabant and Zeeland admit only residents of the Netherlands (I-criterion). DISMARK reads the " +
            "cannabis retail market as shifting to Belgium after it.", AreaDimension.Country, "NL", Market.Cannabis, HandlingCode.H0, Tlp.Clear, Owner),
        // shared/seeds/001 (Brussels Times profile of the Drugs Commissioner): "In January 2023, an eleven year old girl Firdaous was
        // killed by a stray bullet in a drug-related shooting in Antwerp"; the outcry led to the Drugs Commissioner.
        new(new DateOnly(2023, 1, 1), "Drug-related shooting in Merksem (Antwerp)",
            "An eleven-year-old girl is killed by a stray bullet (January 2023; the source gives the month). The federal government " +
            "then creates a National Drugs Commissioner.", AreaDimension.Country, "BE", Market.Cocaine, HandlingCode.H0, Tlp.Clear, Owner),
        // shared/seeds/001: Van Wymersch took up "the newly minted role of Drugs Commissioner in April 2023" (shared/seeds/004 says
        // appointed in February 2023: appointment and start differ); a year of work on Antwerp port followed.
        new(new DateOnly(2023, 4, 1), "Belgium's National Drugs Commissioner takes office",
            "Ine Van Wymersch starts as the first National Drugs Commissioner (April 2023; appointed February 2023), with Antwerp port " +
            "as a focus.", AreaDimension.Country, "BE", null, HandlingCode.H0, Tlp.Clear, Owner),
    ];

    /// <summary>Writes <see cref="All"/>; the context must act as the system (it records on behalf of <see cref="Owner"/>).</summary>
    public static async Task WriteAsync(WaterlineDbContext db, CancellationToken ct)
    {
        var record = new RecordIntervention.Handler(db, TimeProvider.System);
        foreach (var request in All)
        {
            var result = await record.HandleAsync(request, ct);
            if (result.Id is null)
                throw new InvalidOperationException($"Demo intervention '{request.Title}': {result.Field}: {result.Problem}");
        }
    }
}
