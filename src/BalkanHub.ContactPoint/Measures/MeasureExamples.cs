using BalkanHub.Domain.Measures;
using BalkanHub.ServiceDefaults.OpenApi;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.ContactPoint.Measures;

/// <summary>The measures API's request examples: the notice of <see cref="Measure"/> as the officer posted it, and a transition.</summary>
public static class MeasureExamples
{
    /// <summary>The notice as an officer posts it: entry at Gevgelija only for three nationalities.</summary>
    public static MeasureDraft Draft => new()
    {
        Type = MeasureType.NationalityRestriction,
        Title = Measure.Title,
        Description = Measure.Description,
        AffectedCrossingPoints = ["GR-MK-IDOMENI"],
        AffectedCountries = ["GR", "RS"],
        EffectiveFrom = Measure.EffectiveFrom,
        Parameters = new MeasureParametersDraft { Nationalities = ["SY", "AF", "IQ"] },
        Severity = MeasureSeverity.Severe,
        PlanPoints = [1],
    };

    /// <summary>Why a measure is cancelled or lifted.</summary>
    public static MeasureTransitionDraft Transition => new() { Reason = "Lifted after the agreement with Greece and Serbia on joint registration at the border." };

    /// <summary>Adds the examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(Draft)
            .Add(Transition);
    }
}
