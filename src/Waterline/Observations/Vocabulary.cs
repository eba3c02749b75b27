namespace Waterline.Observations;

// Stored as readable text (see WaterlineDbContext.ConfigureConventions), never as numbers.

public enum ObservationKind
{
    Seizure,
    ProductionSite,
    DumpingSite,
    ChemicalOrderReport,
    PartnerSignal,
    ViolenceIncident,
    LabFinding,
    WastewaterMeasurement,
    /// <summary>Intelligence from an investigation that names subjects and the relations between them; not a market
    /// indicator, so the market picture leaves it out.</summary>
    InvestigationReport,
}

public enum Market
{
    Cannabis,
    SyntheticDrugs,
    Cocaine,
    HeroinOpioids,
    NewPsychoactiveSubstances,
    Other,
}

/// <summary>Level of the supply chain, as in the DISMARK study.</summary>
public enum Echelon
{
    Production,
    ImportTransit,
    MiddleMarket,
    Retail,
}

/// <summary>SIENA handling codes: H0 crime-fighting only; H1 not for judicial use without permission;
/// H2 no onward dissemination without permission; H3 other restrictions.</summary>
public enum HandlingCode
{
    H0,
    H1,
    H2,
    H3,
}

/// <summary>Traffic Light Protocol 2.0.</summary>
public enum Tlp
{
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

/// <summary>Europol 4x4: reliability of the source.</summary>
public enum SourceGrade
{
    A,
    B,
    C,
    X,
}

/// <summary>Europol 4x4: assessment of the information (1 to 4).</summary>
public enum InformationGrade
{
    KnownTrue = 1,
    KnownToSource = 2,
    NotKnownCorroborated = 3,
    CannotBeJudged = 4,
}

/// <summary>Which data-protection regime governs the record: police and judicial processing falls
/// under the LED (Dir. 2016/680, Belgian Law of 30 July 2018 Title 2); partners' under the GDPR.</summary>
public enum LegalRegime
{
    LawEnforcementDirective,
    Gdpr,
}

public enum TransportMode
{
    SeaContainer,
    AirCargo,
    AirPassenger,
    GeneralAviation,
    Marina,
    InlandNavigation,
    Rail,
    Road,
    PostCourier,
}

public enum QuantityUnit
{
    Kilogram,
    Gram,
    Tonne,
    Litre,
    Units,
    Plants,
}

public enum SiteType
{
    CannabisPlantation,
    SyntheticLab,
    ConversionLab,
    CocaineExtractionLab,
    StorageSite,
}

public enum ReportChannel
{
    FamhpHotline,
    PoliceHotline,
    Portal,
    Phone,
}

public enum PartnerSignalType
{
    UtilityAnomaly,
    RentalPattern,
    CourierParcel,
    RealEstate,
}

public enum IncidentType
{
    Shooting,
    Explosion,
    Arson,
    Intimidation,
}

/// <summary>How an investigation learnt what its report says.</summary>
public enum InvestigationMethod
{
    /// <summary>Observation or surveillance of persons, places or vehicles.</summary>
    Surveillance,
    /// <summary>A summary of intercepted communications (wiretap, seized phone).</summary>
    Interception,
    /// <summary>A financial inquiry: accounts, payments, ownership of companies.</summary>
    FinancialInquiry,
    Other,
}

public enum Confirmation
{
    Presumptive,
    Confirmed,
}

public enum SampleForm
{
    Powder,
    Tablet,
    Liquid,
    VapeRefill,
    PlantMaterial,
    Other,
}

public enum OrganisationKind
{
    Police,
    Customs,
    Famhp,
    Prosecution,
    Ariec,
    DrugsCommissioner,
    DutchPolice,
    PrivatePartner,
    Research,
    Health,
}
