using BalkanHub.Api.Contracts;
using BalkanHub.Messaging.Examples;
using BalkanHub.ServiceDefaults.OpenApi;

namespace BalkanHub.Messaging.Outbox;

/// <summary>Examples of <c>/api/admin/outbox</c>'s answers, for the OpenAPI document of either program.</summary>
public static class ParkedOutboxExamples
{
    /// <summary>Adds the parked-outbox examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(ParkedOutboxRow)
            .Add(new ParkedRowPage([ParkedOutboxRow], ParkedOutboxRow.Id))
            .Add(new ParkedOutboxApi.Discard("Written before the upgrade that renamed its type; the report was posted again as version 2."));
    }

    /// <summary>An outbox row parked because its message type was renamed after it was written.</summary>
    public static ParkedRowView ParkedOutboxRow => new(
        4711, Guid.Parse("8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f"), "MK", null,
        "BalkanHub.Contracts.DailyReportFiled, BalkanHub.Contracts", "{\"reportId\":\"6f1c2b0e-8d4a-4f57-9a3e-2c1d5b7e9f10\",\"version\":1}",
        MessageExamples.SubmittedAt, MessageExamples.SubmittedAt.AddSeconds(2),
        "Cannot be read: TypeLoadException: The message type BalkanHub.Contracts.DailyReportFiled, BalkanHub.Contracts no longer exists.",
        ParkedOutboxApi.Parked, null);
}
