using System.Text.Json.Nodes;
using MassTransit;

namespace BalkanHub.Messaging.Messaging;

/// <summary>The message exactly as it came off the bus, before deserialization.</summary>
public static class Envelope
{
    static readonly System.Text.Json.JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// What makes the received envelope ambiguous: JSON with duplicate members, which one typed reader
    /// resolves to the last copy and another fails on, so that no signature can vouch for what it says.
    /// Null when it reads one way only, and also when it is not JSON at all: that is broken, not
    /// ambiguous, and is parked like any message that cannot be processed.
    /// </summary>
    public static string? Problem(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Body.GetBytes();
        try
        {
            using var lenient = System.Text.Json.JsonDocument.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        try
        {
            using var strict = System.Text.Json.JsonDocument.Parse(body, StrictDocument);
            return null;
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// The envelope's message id and message type (its last name, such as <c>DailyReportSubmitted</c>),
    /// read leniently from a malformed envelope, so that its refusal can name them; nulls when unreadable.
    /// </summary>
    public static (Guid? MessageId, string? MessageType) IdentityOf(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(context.Body.GetBytes());
            var root = document.RootElement;
            Guid? id = root.TryGetProperty("messageId", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String && Guid.TryParse(m.GetString(), out var g) ? g : null;
            string? type = root.TryGetProperty("messageType", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.Array && t.GetArrayLength() > 0
                && t[0].GetString() is { } urn ? urn[(urn.LastIndexOf(':') + 1)..] : null;
            return (id, type);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// The <c>message</c> object of the MassTransit envelope as received. Signatures are checked on it,
    /// and relays carry it, so that nothing the sender signed is lost to a round trip through a record
    /// type, even a member this hub's contracts do not know yet.
    /// </summary>
    public static JsonObject MessageOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Duplicate members are refused: readers that keep the first and readers that keep the last would
        // see two different messages under one signature.
        var envelope = JsonNode.Parse(context.ReceiveContext.Body.GetBytes(), documentOptions: StrictDocument);
        return envelope?["message"] as JsonObject
            ?? throw new InvalidOperationException("The received envelope has no message object.");
    }
}
