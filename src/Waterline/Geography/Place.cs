namespace Waterline.Geography;

public enum PlaceLevel
{
    Country,
    Region,
    Province,
    Arrondissement,
    JudicialDistrict,
    PoliceRegionalUnit,
    Municipality,
}

/// <summary>A gazetteer entry with its official code: NIS/INS (Statbel REFNIS) for Belgium, CBS for the Netherlands.</summary>
public sealed class Place
{
    /// <summary>Official code: 11002 (NIS municipality), 10000 (NIS province), GM0363, PV27, RE05; judicial districts JD-xxx.</summary>
    public required string Code { get; set; }
    public required string Country { get; set; }
    public PlaceLevel Level { get; set; }
    public required string NameNl { get; set; }
    public string? NameFr { get; set; }
    public string? NameDe { get; set; }
    public string? NameEn { get; set; }
    /// <summary>The next place up: BE municipality -> arrondissement -> province -> region -> BE;
    /// NL municipality -> police regional unit -> NL, NL province -> NL.</summary>
    public string? ParentCode { get; set; }
    /// <summary>The province (BE: NIS, or 04000 for Brussels-Capital; NL: PVxx) this place lies in;
    /// the unit the market picture maps. Equal to Code for provinces; null for a place that spans provinces
    /// (a Dutch police regional unit such as Oost-Nederland).</summary>
    public string? ProvinceCode { get; set; }
}
