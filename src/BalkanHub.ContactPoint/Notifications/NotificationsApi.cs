namespace BalkanHub.ContactPoint.Notifications;

/// <summary>The delivery log: every notification this contact point sent or tried to send, with its attempts.</summary>
public static class NotificationsApi
{
    static readonly string[] Statuses = ["pending", "delivered", "failed"];

    /// <summary>Maps <c>/api/notifications</c>.</summary>
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(ContactPointPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("The delivery log of webhooks and emails, newest first, each with its attempts")
            .WithDescription("Filters: status (pending, delivered, failed), channel (webhook, email). Page with before (the 'next' of the previous page) and limit. "
                + "A failed notification was retried with backoff until Notifications:GiveUpAfter; the inbox item itself is never lost with it.");
        return group;
    }

    static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListAsync(ContactPointDb db, string? status, string? channel, long? before, int? limit,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
            errors["status"] = [$"'{status}' is not a status; use one of: {string.Join(", ", Statuses)}."];
        if (channel is not null && channel is not ("webhook" or "email"))
            errors["channel"] = [$"'{channel}' is not a channel; use webhook or email."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Notifications.AsNoTracking().Where(n => (status == null || n.Status == status) && (channel == null || n.Channel == channel) && (before == null || n.Id < before));
        var rows = await query.OrderByDescending(n => n.Id).Take(take)
            .Join(db.Inbox, n => n.Sequence, i => i.Sequence, (n, i) => new { Notification = n, i.ItemKey })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Notification.Id).ToList();
        var attempts = (await db.NotificationAttempts.AsNoTracking().Where(a => ids.Contains(a.NotificationId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.NotificationId);
        var items = rows.OrderByDescending(r => r.Notification.Id).Select(r =>
        {
            var n = r.Notification;
            return new NotificationView(n.Id, n.Sequence, r.ItemKey, n.Channel, n.Target, n.Status, n.Attempts, n.CreatedAt, n.DeliveredAt, n.LastError,
                [.. attempts[n.Id].OrderBy(a => a.Id).Select(a => new NotificationAttemptView(a.At, a.Succeeded, a.Outcome))]);
        }).ToList();
        return TypedResults.Ok(new NotificationPage(items, items.Count == take ? items[^1].Id : 0));
    }
}
