using System.Text.Json.Nodes;
using MassTransit;

namespace BalkanHub.ServiceDefaults.Messaging;

/// <summary>The message exactly as it came off the bus, before deserialization.</summary>
public static class Envelope
{
    /// <summary>
    /// The <c>message</c> object of the MassTransit envelope as received. Signatures are checked on it,
    /// and relays carry it, so that nothing the sender signed is lost to a round trip through a record
    /// type, even a member this hub's contracts do not know yet.
    /// </summary>
    public static JsonObject MessageOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var envelope = JsonNode.Parse(context.ReceiveContext.Body.GetBytes());
        return envelope?["message"] as JsonObject
            ?? throw new InvalidOperationException("The received envelope has no message object.");
    }
}
