using System.Linq.Expressions;
using Waterline.Observations;

namespace Waterline.Access;

/// <summary>The one place that decides who may read what (docs/security.md). Decided per marking, in the database:
/// <see cref="Storage.WaterlineDbContext.ActAsAsync"/> evaluates <see cref="CanRead"/> over the markings once per
/// request, and the context's query filters then restrict observations and the picture's pre-aggregates to those
/// markings in every query, so lists, counts, sums, maps, exports and suggestions all see the same records.
/// Rule for analysts, investigators and administrators of organisation O:
/// <list type="bullet">
/// <item>O owns the record; or</item>
/// <item>O is a member of one of the record's releasability sets (any number; any one suffices); or</item>
/// <item>the record has no releasability set and is TLP:CLEAR or TLP:GREEN (community-wide: every organisation on the platform).</item>
/// </list>
/// A partner reporter reads only records their organisation owns; a researcher reads no record (research extracts only).
/// Handling codes do not restrict reading; they restrict forwarding and use (ForwardObservation).</summary>
public static class AccessPolicy
{
    public static Expression<Func<Marking, bool>> CanRead(Reader reader)
    {
        if (reader.IsSystem)
        {
            return m => true;
        }
        var org = reader.Organisation;
        return reader.Role switch
        {
            Role.Researcher => m => false,
            Role.PartnerReporter => m => m.Owner == org,
            _ => Released(org),
        };
    }

    /// <summary>What a research extract may aggregate: the records the researcher's organisation could read as an analyst.
    /// Only aggregates with small cells suppressed ever leave (GetResearchExtract).</summary>
    public static Expression<Func<Marking, bool>> CanAggregateForResearch(Reader reader) =>
        reader.Role == Role.Researcher ? Released(reader.Organisation) : CanRead(reader);

    private static Expression<Func<Marking, bool>> Released(string org) => m =>
        m.Owner == org
        || m.Releases.Any(r => r.Set.Members.Any(x => x.Organisation == org))
        || (!m.Releases.Any() && (m.Tlp == Tlp.Clear || m.Tlp == Tlp.Green));
}
