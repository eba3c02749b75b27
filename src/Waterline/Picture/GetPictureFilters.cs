using Microsoft.EntityFrameworkCore;
using Waterline.Observations;
using Waterline.Storage;

namespace Waterline.Picture;

/// <summary>What the market picture can be filtered on: the vocabularies, the provinces with their names,
/// the source organisations, and the months for which data exists.</summary>
public static class GetPictureFilters
{
    public sealed record Request;

    public sealed record Option(string Value, string Label);

    public sealed record Province(string Code, string Country, string Name);

    public sealed record Result(
        IReadOnlyList<Option> Markets,
        IReadOnlyList<Option> Echelons,
        IReadOnlyList<Option> Kinds,
        IReadOnlyList<Option> Countries,
        IReadOnlyList<Province> Provinces,
        IReadOnlyList<Option> SourceOrganisations,
        IReadOnlyList<Option> Measures,
        IReadOnlyList<Option> Granularities,
        string? FirstMonth,
        string? LastMonth);

    /// <summary>Without a cache each call loads its own cube (see GetMarketPicture.Handler).</summary>
    public sealed class Handler(WaterlineDbContext db, PictureCubeCache? cubes = null)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            // Provinces are the map's units: Belgian provinces plus the Brussels region, and the Dutch provinces.
            var provinces = await db.Places.AsNoTracking()
                .Where(p => p.Code == p.ProvinceCode && (p.Country == "BE" || p.Country == "NL"))
                .OrderBy(p => p.Country).ThenBy(p => p.Code)
                .Select(p => new Province(p.Code, p.Country, p.NameEn ?? p.NameNl))
                .ToListAsync(ct);
            var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Code)
                .Select(o => new Option(o.Code, o.Name)).ToListAsync(ct);
            var cube = await (cubes ?? new PictureCubeCache()).GetAsync(db, ct);
            var (first, last) = cube.MonthRange(cube.NewFilter(db));
            return new Result(
                Options<Market>(),
                Options<Echelon>(),
                [.. Options<ObservationKind>().Where(o => o.Value != PictureVocabulary.Token(ObservationKind.InvestigationReport))],
                [new("BE", "Belgium"), new("NL", "Netherlands")],
                provinces,
                organisations,
                [.. Picture.Measures.All.Select(m => new Option(m.Id, $"{m.Label} ({m.Unit})"))],
                Options<PictureGranularity>(),
                first is { } f ? PictureVocabulary.MonthText(f) : null,
                last is { } l ? PictureVocabulary.MonthText(l) : null);
        }
    }

    private static Option[] Options<T>() where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => new Option(PictureVocabulary.Token(v), PictureVocabulary.Label(v)))];
}
