using System.Globalization;
using System.Text;

namespace BalkanHub.Domain.Validation;

/// <summary>
/// What text the hub accepts, and how text is made safe for the formats it is written into. Every
/// string a caller or a contact point sends passes <see cref="Problem"/> through the rule sets
/// (<see cref="ValidationErrors.Line"/>, <see cref="ValidationErrors.Text"/>); the writers use
/// <see cref="ForXml"/> and <see cref="Printable"/> as a second line, for text stored before the rule
/// or written straight into a store.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Why <paramref name="value"/> is not acceptable text, or null when it is. Control characters are
    /// refused (a U+0000 in a title once broke the Atom feed and the CAP alert for good), except newline,
    /// carriage return and tab in free text; so are unpaired surrogates and U+FFFE/U+FFFF, which no XML
    /// document can carry.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="freeText">Free text (notes, descriptions, reasons) may hold line breaks and tabs; one-line text (titles, names) may not.</param>
    public static string? Problem(string value, bool freeText)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return $"must be valid Unicode text: it holds a lone surrogate (U+{(int)c:X4}) at position {i + 1}.";
            if (c is '\uFFFE' or '\uFFFF')
                return $"must not contain the non-character U+{(int)c:X4} (at position {i + 1}).";
            if (!char.IsControl(c))
                continue;
            if (freeText && c is '\n' or '\r' or '\t')
                continue;
            return freeText
                ? $"must not contain control characters other than line breaks and tabs: U+{(int)c:X4} at position {i + 1}."
                : $"must be one line without control characters: U+{(int)c:X4} at position {i + 1}.";
        }
        return null;
    }

    /// <summary>Whether XML 1.0 allows the character (surrogate pairs are checked by the caller).</summary>
    static bool XmlAllows(char c) =>
        c is '\t' or '\n' or '\r' || c is >= ' ' and <= '\uD7FF' || c is >= '\uE000' and <= '\uFFFD';

    /// <summary>
    /// <paramref name="value"/> as XML 1.0 can carry it: each character XML forbids (C0 controls other
    /// than tab and line breaks, lone surrogates, U+FFFE and U+FFFF) becomes U+FFFD, so a reader sees
    /// that something was there. Text without such characters comes back as it is.
    /// </summary>
    public static string ForXml(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return value ?? "";
        StringBuilder? cleaned = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                cleaned?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }
            var allowed = !char.IsSurrogate(c) && XmlAllows(c);
            if (allowed)
            {
                cleaned?.Append(c);
                continue;
            }
            cleaned ??= new StringBuilder(value.Length).Append(value, 0, i);
            cleaned.Append('\uFFFD');
        }
        return cleaned?.ToString() ?? value;
    }

    /// <summary>
    /// <paramref name="value"/> with every control character, lone surrogate and non-character replaced
    /// by U+FFFD, line breaks and tabs included: for one-line fields written where a stray character
    /// would break the format (a CSV cell, an audit record).
    /// </summary>
    public static string Printable(string? value)
    {
        var xml = ForXml(value);
        if (!xml.Any(c => c is '\t' or '\n' or '\r' || char.GetUnicodeCategory(c) == UnicodeCategory.Control))
            return xml;
        return string.Concat(xml.Select(c => c is '\t' or '\n' or '\r' || char.GetUnicodeCategory(c) == UnicodeCategory.Control ? '\uFFFD' : c));
    }
}
