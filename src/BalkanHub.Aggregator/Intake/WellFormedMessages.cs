namespace BalkanHub.Aggregator.Intake;

/// <summary>
/// Refuses an ambiguous message (JSON with duplicate members) before anything deserializes it, with a security
/// event in the Commission's feed, as a message whose origin cannot be proven is refused. A typed reader
/// would keep one copy of a member and may fail on the other; a failure there sends the message round
/// the retries to the dead letters, where it is no longer seen as what it is. It runs first in the
/// receive pipe, so a refused message is acknowledged and goes nowhere else.
/// </summary>
public sealed class WellFormedMessages(IServiceProvider services) : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("wellFormedMessages");

    /// <inheritdoc />
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Envelope.Problem(context) is not { } problem)
        {
            await next.Send(context);
            return;
        }
        var (messageId, messageType) = Envelope.IdentityOf(context);
        messageType ??= "message";
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntakeInbox>().RaiseSecurityEventAsync(messageId, messageType, null, HubTopology.SenderOf(context, scope.ServiceProvider.GetRequiredService<IOptions<RabbitMqOptions>>().Value.AggregatorUser),
            $"A {messageType} is malformed, so it cannot be trusted: {problem}", context.CancellationToken);
    }
}
