namespace BalkanHub.Aggregator.Subscriptions;

/// <summary>Puts the route file's extra subscribers into the store, where participants manage them from then on.</summary>
public static class SubscriptionSeed
{
    /// <summary>
    /// Adds a subscription for each extra subscriber the route file names, to reports and measures alike, unless
    /// the store has ever held it: one a participant removed stays removed across restarts.
    /// </summary>
    public static async Task SeedSubscriptionsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
        var route = scope.ServiceProvider.GetRequiredService<RouteMap>();
        var recipients = scope.ServiceProvider.GetRequiredService<RelayRecipients>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var known = (await db.Subscriptions.AsNoTracking().Select(s => new { s.Subscriber, s.Source, s.Kind }).ToListAsync(cancellationToken))
            .Select(s => (s.Subscriber, s.Source, s.Kind)).ToHashSet();
        foreach (var source in route.ContactPoints.Select(p => p.Code))
        {
            foreach (var subscriber in route.ExtraSubscribersOf(source).Where(s => !recipients.Obliges(s, source)))
            {
                foreach (var kind in StoredSubscription.Kinds.Where(k => !known.Contains((subscriber, source, k))))
                {
                    db.Subscriptions.Add(new StoredSubscription
                    {
                        Id = Guid.CreateVersion7(now),
                        Subscriber = subscriber,
                        Source = source,
                        Kind = kind,
                        Origin = StoredSubscription.FromRoute,
                        CreatedAt = now,
                        CreatedBy = StoredSubscription.FromRoute,
                    });
                }
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<StoredSubscription>().Any())
        {
            // Another replica seeded the same rows a moment earlier: the unique index kept one of each.
        }
    }
}
