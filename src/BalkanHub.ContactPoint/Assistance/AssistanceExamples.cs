using BalkanHub.Domain.Assistance;
using BalkanHub.ServiceDefaults.OpenApi;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.ContactPoint.Assistance;

/// <summary>The assistance API's request example: the request behind <see cref="NeedsAnalysis"/>, as the officer posted it.</summary>
public static class AssistanceExamples
{
    /// <summary>Winter supplies for the Tabanovce transit centre, asked for item by item.</summary>
    public static AssistanceDraft Draft => new()
    {
        Title = NeedsAnalysis.Title,
        Items =
        [
            new AssistanceItemDraft { Item = "winter blankets", Quantity = 5000, Unit = "pieces" },
            new AssistanceItemDraft { Item = "heated family tents", Quantity = 40, Unit = "tents" },
        ],
        Note = "Night temperatures fall below zero from next week; about 1,500 people wait at any time.",
        PlanPoints = [7],
    };

    /// <summary>Adds the examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(Draft);
    }
}
