using BalkanHub.Contracts;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// Item keys are public: participants store them and ask <c>/api/items/{key}</c> for them. Their shapes are
/// the documented ones, and never change, so stored keys and <c>Supersedes</c> links keep matching.
/// </summary>
public sealed class When_item_keys_are_written_and_read
{
    static readonly Guid Id = Guid.Parse("0b5c3c7e-7f5e-4d8e-9a51-6f1f2b1c9d00");
    static readonly DateOnly Day = new(2015, 10, 20);

    [Test]
    public void Should_write_each_kind_in_its_documented_shape()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ItemKeys.Report("GR", Day, 2), Is.EqualTo("report:GR:2015-10-20:v2"));
            Assert.That(ItemKeys.Report("GR", Day, 1, exercise: true), Is.EqualTo("exercise-report:GR:2015-10-20:v1"));
            Assert.That(ItemKeys.Measure(Id, 3), Is.EqualTo($"measure:{Id}:r3"));
            Assert.That(ItemKeys.Acknowledgement("HR", $"measure:{Id}:r1"), Is.EqualTo($"ack:HR:measure:{Id}:r1"));
            Assert.That(ItemKeys.AcknowledgementOverdue("HR", $"measure:{Id}:r1"), Is.EqualTo($"overdue:HR:measure:{Id}:r1"));
            Assert.That(ItemKeys.ReportMissing("AL", Day), Is.EqualTo("missing:AL:2015-10-20"));
            Assert.That(ItemKeys.ReportReminder("AL", Day), Is.EqualTo("reminder:AL:2015-10-20"));
            Assert.That(ItemKeys.ChainReaction($"measure:{Id}:r1", "HR", "RS"), Is.EqualTo($"chain:measure:{Id}:r1:HR:RS"));
            Assert.That(ItemKeys.ChainReactionWithdrawn($"measure:{Id}:r2", "HR", "RS"), Is.EqualTo($"chain-withdrawn:measure:{Id}:r2:HR:RS"));
            Assert.That(ItemKeys.RequestEnded(Id, RequestStatus.Withdrawn), Is.EqualTo($"request:{Id}:withdrawn"));
            Assert.That(ItemKeys.OfferStep(Id, OfferStatus.Accepted), Is.EqualTo($"offer:{Id}:accepted"));
            Assert.That(ItemKeys.NeedsAnalysisOverdue(Id), Is.EqualTo($"needs:{Id}:overdue"));
            Assert.That(ItemKeys.Reconciliation("HR", "SI", Day, 1, 2, exercise: false), Is.EqualTo("reconciliation:HR-SI:2015-10-20:v1-v2"));
            Assert.That(ItemKeys.Reconciliation("HR", "SI", Day, 1, 2, exercise: true, resolved: true), Is.EqualTo("exercise-reconciliation-resolved:HR-SI:2015-10-20:v1-v2"));
            Assert.That(ItemKeys.Reconciliation("HR", "SI", Day, 1, 2, exercise: false), Does.StartWith(ItemKeys.ReconciliationPrefix("HR", "SI", Day, exercise: false)));
        });
    }

    [Test]
    public void Should_read_back_a_report_key_and_a_measure_key()
    {
        Assert.That(ItemKeys.TryParse("exercise-report:GR:2015-10-20:v2", out var report), Is.True);
        Assert.That(report, Is.EqualTo(new ParsedItemKey(RelayedItemKind.DailyReport, "GR", Day, null, 2, true)));
        Assert.That(ItemKeys.TryParse($"measure:{Id}:r3", out var measure), Is.True);
        Assert.That(measure, Is.EqualTo(new ParsedItemKey(RelayedItemKind.Measure, null, null, Id, 3, false)));
    }

    [TestCase("")]
    [TestCase("report:GR:2015-10-20")]
    [TestCase("report:GR:2015-13-40:v1")]
    [TestCase("report:GR:2015-10-20:v0")]
    [TestCase("report:GR:2015-10-20:v+1")]
    [TestCase("report:GR:2015-10-20:v01")]
    [TestCase("measure:not-a-guid:r1")]
    [TestCase("ack:HR:report:GR:2015-10-20:v1")]
    public void Should_not_read_anything_else_as_a_report_or_a_measure(string key)
    {
        Assert.That(ItemKeys.TryParse(key, out var parsed), Is.False);
        Assert.That(parsed, Is.Null);
    }
}
