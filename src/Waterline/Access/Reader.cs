namespace Waterline.Access;

/// <summary>What a user may do in Waterline; one role per account.</summary>
public enum Role
{
    Analyst,
    Investigator,
    PartnerReporter,
    Administrator,
    Researcher,
}

/// <summary>Who is asking: the signed-in account, its organisation and role, and the purpose stated for this sign-in
/// period or query (case reference or reason), if any. Every read of records goes through the access policy with one.</summary>
public sealed record Reader(string Account, string Organisation, Role Role, string? Purpose = null)
{
    /// <summary>The application itself (seeding, migrations, imports run from the CLI by an operator): sees everything.
    /// Never built from a web request.</summary>
    public static Reader System { get; } = new("system", "*", Role.Administrator);

    public bool IsSystem => ReferenceEquals(this, System) || Organisation == "*";
}
