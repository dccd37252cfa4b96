namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// A message waiting to go onto the bus, written in the same transaction as the business row it
/// announces. Nothing is published before that transaction commits, and nothing committed is lost.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Position in the table; within a stream, rows are published in this order.</summary>
    public long Id { get; set; }

    /// <summary>The MassTransit MessageId, chosen when the row is written and kept for every retry.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Ordering scope: rows of one stream never overtake each other (a country, a recipient).</summary>
    public required string Stream { get; set; }

    /// <summary>Where to send: null to publish by message type, or the exchange of one recipient.</summary>
    public string? Destination { get; set; }

    /// <summary>Contract type, as <c>Namespace.Type, Assembly</c>.</summary>
    public required string MessageType { get; set; }

    /// <summary>The message, as JSON.</summary>
    public required string Body { get; set; }

    /// <summary>
    /// Headers to send with the message, as a JSON object: who caused it (person, role, address), for
    /// the audit trail. They stay out of the signed message, so a person's identity is not relayed to
    /// other countries.
    /// </summary>
    public string? Headers { get; set; }

    /// <summary>W3C trace context of the request that wrote the row, so the dispatch continues its trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>When the row was written.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the broker confirmed the message; null while it waits.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Failed publish attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The last failure, for operators.</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// When the dispatcher set the row aside because it can never be published as it is (its type no
    /// longer exists, its body no longer reads): it waits for an operator, and the rows after it in its
    /// stream go on. Null for a row that is waiting, sent, or replayed by an operator.
    /// </summary>
    public DateTimeOffset? ParkedAt { get; set; }

    /// <summary>Why an operator discarded a parked row, who did and when; null until then.</summary>
    public string? Resolution { get; set; }
}
