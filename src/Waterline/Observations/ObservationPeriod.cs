namespace Waterline.Observations;

/// <summary>The period filter the analyses share: observations that occurred from the first day to the last day,
/// both inclusive (UTC dates); a missing end leaves that side open.</summary>
public static class ObservationPeriod
{
    public static IQueryable<Observation> Within(this IQueryable<Observation> observations, DateOnly? from, DateOnly? to)
    {
        if (from is { } first)
        {
            var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            observations = observations.Where(o => o.OccurredAt >= start);
        }
        if (to is { } last)
        {
            var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            observations = observations.Where(o => o.OccurredAt < end);
        }
        return observations;
    }
}
