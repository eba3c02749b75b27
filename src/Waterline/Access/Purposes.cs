namespace Waterline.Access;

/// <summary>The purpose a reader states for a sign-in period or a query: a case reference or a reason.</summary>
public static class Purposes
{
    public const int MaxLength = 200;

    /// <summary>Trimmed, at most <see cref="MaxLength"/> characters; blank means none stated.</summary>
    public static string? Normalise(string? purpose)
    {
        var text = purpose?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
