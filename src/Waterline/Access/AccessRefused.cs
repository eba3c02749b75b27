namespace Waterline.Access;

/// <summary>A read of personal data was asked for without a stated purpose (LED art. 4(1)(b) purpose limitation; every
/// consultation is logged with its justification, art. 25). The web answers 403 with a problem naming "purpose".</summary>
public sealed class PurposeRequiredException()
    : Exception("Reading personal data needs a stated purpose: a case reference or reason for this session or this query.");

/// <summary>An action the markings forbid (forwarding against a handling code or TLP:RED, exporting what may not leave).
/// The message says which rule, never what the reader cannot see.</summary>
public sealed class AccessRefusedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
