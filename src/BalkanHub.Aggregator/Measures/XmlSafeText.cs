using System.Xml.Linq;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Aggregator.Measures;

/// <summary>
/// The feeds' second line of defence. The rules refuse control characters in every text the hub
/// accepts, but a store may hold text from before the rule or written into it by other means, and one
/// character XML 1.0 forbids would make every Atom page and CAP alert that carries it fail for good.
/// So whatever stored text goes into XML passes through here first.
/// </summary>
static class XmlSafeText
{
    /// <summary>Replaces, in every text node and attribute of <paramref name="element"/>, what XML 1.0 cannot carry (see <see cref="TextRules.ForXml"/>).</summary>
    public static XElement Cleaned(XElement element)
    {
        foreach (var text in element.DescendantNodes().OfType<XText>().ToList())
            text.Value = TextRules.ForXml(text.Value);
        foreach (var attribute in element.DescendantsAndSelf().SelectMany(e => e.Attributes()).ToList())
            attribute.Value = TextRules.ForXml(attribute.Value);
        return element;
    }

    /// <summary>A stored string as XML 1.0 can carry it.</summary>
    public static string Of(string? text) => TextRules.ForXml(text);
}
