
namespace BalkanHub.ContactPoint.Audit;

/// <summary>
/// Sends every refused action this contact point sees over HTTP (see <see cref="HttpAudit"/>) to the
/// aggregator's audit trail, signed and through the outbox like any other item. Accepted changes need
/// no record of their own: their messages carry who made them (see <see cref="ActorHeaders"/>).
/// </summary>
public static class HttpAuditRecorder
{
    /// <summary>
    /// Placed between authentication and authorization, so it knows who asked and sees every refusal.
    /// </summary>
    public static IApplicationBuilder UseHttpAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!HttpAudit.ShouldRecord(context, refusalsOnly: true))
            return;
        var action = HttpAudit.Describe(context);
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ContactPointDb>();
        var country = services.GetRequiredService<IOptions<ContactPointOptions>>().Value.Country;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // What a refused caller sent (a path, a token's subject) is recorded as seen, but with any control
        // character made visible: the aggregator refuses audit records that carry one.
        db.Publish(services.GetRequiredService<OriginSigner>().Sign(new ActionAudited
        {
            Country = country,
            Actor = TextRules.Printable(action.Actor),
            ActorCountry = action.ActorCountry is null ? null : TextRules.Printable(action.ActorCountry),
            Role = action.Role is null ? null : TextRules.Printable(action.Role),
            Action = TextRules.Printable(action.Action),
            Target = action.Target is null ? null : TextRules.Printable(action.Target),
            Origin = action.Origin is null ? null : TextRules.Printable(action.Origin),
            Outcome = TextRules.Printable(action.Outcome),
            At = now,
        }), stream: country, now);
        await db.SaveChangesAsync(CancellationToken.None);
    });
}
