using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using BalkanHub.Aggregator.Measures;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The OASIS CAP 1.2 schema the measures' alerts must validate against. It is never part of the project:
/// it is read from <c>../shared/standards/CAP-v1.2.xsd</c> next to the repository, or from where
/// <c>BALKANHUB_CAP_XSD</c> says.
/// </summary>
static class CapSchema
{
    /// <summary>The compiled schema, or null when it is not there (a test then says so and is inconclusive).</summary>
    public static XmlSchemaSet? Load()
    {
        var path = Environment.GetEnvironmentVariable("BALKANHUB_CAP_XSD") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "standards", "CAP-v1.2.xsd"));
        if (!File.Exists(path))
            return null;
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        set.Add(CapAlerts.Cap.NamespaceName, reader);
        set.Compile();
        return set;
    }

    /// <summary>Asserts each alert validates against the schema; inconclusive when the schema is not here.</summary>
    public static void AssertValid(IEnumerable<XElement> alerts)
    {
        var schema = Load();
        if (schema is null)
            Assert.Inconclusive("The CAP 1.2 schema is not here: put CAP-v1.2.xsd in ../shared/standards/ next to the repository, or set BALKANHUB_CAP_XSD to its path.");
        foreach (var alert in alerts)
        {
            var errors = new List<string>();
            new XDocument(alert).Validate(schema, (_, e) => errors.Add(e.Message));
            Assert.That(errors, Is.Empty, (string?)alert.Element(CapAlerts.Cap + "identifier"));
        }
    }
}
