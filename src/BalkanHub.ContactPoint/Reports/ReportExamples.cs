using BalkanHub.Domain.Reports;
using BalkanHub.ServiceDefaults.OpenApi;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.ContactPoint.Reports;

/// <summary>The reports API's request example: the report of <see cref="Report"/>, as the officer posted it.</summary>
public static class ReportExamples
{
    /// <summary>
    /// North Macedonia's report for <see cref="Day"/>, as an officer posts it: the figures of <see cref="Report"/>,
    /// without the country (the contact point's own) or an exercise flag.
    /// </summary>
    public static DailyReportDraft Draft => DailyReportDraft.From(Report) with { Country = null, Exercise = null };

    /// <summary>Adds the examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(Draft);
    }
}
