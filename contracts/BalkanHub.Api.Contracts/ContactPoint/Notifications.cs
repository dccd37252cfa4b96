namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>One try at delivering a notification.</summary>
/// <param name="At">When it was tried.</param>
/// <param name="Succeeded">Whether the webhook answered 2xx, or the mail server took the email.</param>
/// <param name="Outcome">What came back: <c>HTTP 200</c>, <c>SMTP 250 …</c>, or the error.</param>
public sealed record NotificationAttemptView(DateTimeOffset At, bool Succeeded, string Outcome);

/// <summary>
/// A notification of one urgent inbox item to one target, with every attempt: what the country's officers
/// read to know whether their alerting system or duty officer was told.
/// </summary>
/// <param name="Id">The delivery's id; a webhook carries it in <c>webhook-id</c> as <c>msg_{country}_{id}</c>.</param>
/// <param name="Sequence">The inbox item's sequence.</param>
/// <param name="ItemKey">The inbox item's key.</param>
/// <param name="Channel"><c>webhook</c> or <c>email</c>.</param>
/// <param name="Target">The webhook's address, or the email's recipients.</param>
/// <param name="Status"><c>pending</c> (being tried, or waiting for the next round), <c>delivered</c>, or <c>failed</c> (given up).</param>
/// <param name="Attempts">How many tries so far.</param>
/// <param name="CreatedAt">When the item came in and the notification was queued.</param>
/// <param name="DeliveredAt">When a try succeeded.</param>
/// <param name="LastError">The last failed try's error.</param>
/// <param name="History">Every try, oldest first.</param>
public sealed record NotificationView(
    long Id, long Sequence, string ItemKey, string Channel, string Target, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, string? LastError, IReadOnlyList<NotificationAttemptView> History);

/// <summary>A page of the delivery log, newest first; pass <paramref name="Next"/> as <c>before</c> for the next page (0 when none).</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, long Next);
