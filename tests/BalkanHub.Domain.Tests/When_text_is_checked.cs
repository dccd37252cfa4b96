using BalkanHub.Domain.Route;
using System.Text;
using System.Xml;
using BalkanHub.Contracts;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// One rule for every text the hub accepts: no control characters (a U+0000 in a measure's title once
/// broke the Commission's Atom feed for good), line breaks and tabs only where the text is free; and
/// what the writers do with text that got into a store anyway.
/// </summary>
public sealed class When_text_is_checked
{
    static readonly RouteMap Route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));

    [TestCase("Cap\u0000", 4)]
    [TestCase("\u0001Cap", 1)]
    [TestCase("Cap\nat Bregana", 4)]
    [TestCase("Cap\tat Bregana", 4)]
    [TestCase("Cap\u007F", 4)]
    [TestCase("Cap\u009B31m", 4)]
    public void Should_refuse_any_control_character_in_one_line_text(string text, int position)
    {
        Assert.That(TextRules.Problem(text, freeText: false), Does.Contain($"position {position}"));
    }

    [Test]
    public void Should_keep_line_breaks_and_tabs_in_free_text_and_refuse_other_controls()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TextRules.Problem("Lesvos:\tclosed.\r\nChios:\topen.", freeText: true), Is.Null);
            Assert.That(TextRules.Problem("Lesvos\u0000", freeText: true), Does.Contain("U+0000"));
            Assert.That(TextRules.Problem("Lesvos\u000B", freeText: true), Does.Contain("U+000B"));
        });
    }

    [TestCase("Обрежје – Bregana, Σάμος, افغانستان")]
    [TestCase("Tents ⛺ and beds 🛏️")]
    public void Should_accept_every_language_and_symbol(string text)
    {
        Assert.That(TextRules.Problem(text, freeText: false), Is.Null);
    }

    [Test]
    public void Should_refuse_what_no_xml_document_can_carry()
    {
        // Built here: an attribute's string argument cannot hold half a surrogate pair.
        string[] texts = ["half " + (char)0xD83D + " a face", "a lone " + (char)0xDE00 + " tail", "ends in half " + (char)0xD83D, "not a character \uFFFF"];
        Assert.That(texts.Select(t => TextRules.Problem(t, freeText: true)), Has.All.Not.Null);
    }

    [Test]
    public void Should_name_each_bad_text_field_of_a_request_and_an_offer()
    {
        var (_, needs) = AssistanceRules.ValidateNeeds(new AssistanceDraft
        {
            Title = "Beds\u0000",
            Items = [new AssistanceItemDraft { Item = "field\u0001beds", Quantity = 500, Unit = "pieces\u0002" }],
        }, Route);
        var requested = new[] { new AssistanceItem { Item = "field beds", Quantity = 500, Unit = "pieces" } };
        var (_, offer) = AssistanceRules.ValidateOffer(new AssistanceDraft
        {
            Items = [new AssistanceItemDraft { Item = "field beds", Quantity = 100, Unit = "pieces" }],
            Note = "Trucks leave\u0007 Tuesday",
        }, requested, Route);
        Assert.Multiple(() =>
        {
            Assert.That(needs.Fields, Is.EquivalentTo(new[] { "title", "items[0].item", "items[0].unit" }));
            Assert.That(offer.Fields, Is.EqualTo(new[] { "note" }));
            Assert.That(AssistanceRules.ValidateNote("Declined:\u001B not needed").Fields, Is.EqualTo(new[] { "note" }));
            Assert.That(AssistanceRules.ValidateNote("Declined:\n not needed any more").IsEmpty, Is.True);
            Assert.That(MeasureRules.ValidateReason("Agreed\u0000").Fields, Is.EqualTo(new[] { "reason" }));
        });
    }

    [Test]
    public void Should_make_any_text_fit_for_an_xml_writer()
    {
        var everything = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
            everything.Append((char)c);
        everything.Append("\uD83D\uDE00 end");
        var cleaned = TextRules.ForXml(everything.ToString());

        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { CheckCharacters = true }))
        {
            writer.WriteElementString("title", cleaned);
        }
        Assert.Multiple(() =>
        {
            Assert.That(output.ToString(), Does.Contain("\uD83D\uDE00 end"), "a pair that makes one character is kept");
            Assert.That((cleaned[0], cleaned[9], cleaned[10], cleaned[13]), Is.EqualTo(('\uFFFD', '\t', '\n', '\r')), "tabs and line breaks are kept");
            Assert.That(cleaned, Has.Length.EqualTo(everything.Length), "one character for each, so positions stay");
            Assert.That(TextRules.ForXml("Cap\u0000"), Is.EqualTo("Cap\uFFFD"), "a forbidden character shows where it was");
        });
    }

    [Test]
    public void Should_make_a_csv_cell_printable_on_one_line()
    {
        Assert.That(TextRules.Printable("GR\r\n=cmd|'/c calc'!A1\u0000"), Is.EqualTo("GR\uFFFD\uFFFD=cmd|'/c calc'!A1\uFFFD"));
    }
}
