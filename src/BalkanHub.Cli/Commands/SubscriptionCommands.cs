using System.CommandLine;
using System.Globalization;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Contracts;

namespace BalkanHub.Cli;

/// <summary>
/// <c>balkanhub subscriptions list|add|remove</c>: what a participant receives beyond its neighbours, at the
/// aggregator. An officer manages its own country's; the Commission names the subscriber.
/// </summary>
internal static class SubscriptionCommands
{
    /// <summary>Builds <c>subscriptions</c> and its subcommands.</summary>
    public static Command Build()
    {
        var subscriber = new Option<string?>("--subscriber") { Description = "The participant that receives (the Commission must name it; an officer's is its own)." };

        var list = new Command("list", "Prints what the participant receives: one line per source and kind, 'obligatory' for a neighbour's items.");
        var listConnection = Connection.ForAggregator();
        list.Options.Add(subscriber);
        listConnection.AddTo(list);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = listConnection.CreateClient(parseResult);
            foreach (var s in await client.GetSubscriptionsAsync(parseResult.GetValue(subscriber), cancellationToken))
                await Console.Out.WriteLineAsync(Line(s));
            return 0;
        });

        var source = new Option<string>("--source") { Description = "Whose items: a participant's code, or * for every participant.", Required = true };
        var kind = new Option<string>("--kind") { Description = "report or measure.", Required = true };
        var history = new Option<int>("--history-days")
        {
            Description = "Relay this many past days of the source's items now, in order (0 to 30; default 0).",
            DefaultValueFactory = _ => 0,
        };
        var add = new Command("add", "Subscribes to a source's reports or measures; they are relayed from the next one on.");
        var addConnection = Connection.ForAggregator();
        add.Options.Add(source);
        add.Options.Add(kind);
        add.Options.Add(history);
        add.Options.Add(subscriber);
        addConnection.AddTo(add);
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var what = KindOf(parseResult.GetValue(kind)!);
            using var client = addConnection.CreateClient(parseResult);
            var created = await client.AddSubscriptionAsync(parseResult.GetValue(source)!, what, parseResult.GetValue(history), parseResult.GetValue(subscriber), cancellationToken);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Line(created.Subscription)}\t{created.HistoryRelayed} past item(s) relayed"));
            return 0;
        });

        var remove = new Command("remove", "Ends a subscription. A neighbour's items cannot be given up.");
        var removeConnection = Connection.ForAggregator();
        remove.Options.Add(source);
        remove.Options.Add(kind);
        remove.Options.Add(subscriber);
        removeConnection.AddTo(remove);
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            var what = KindOf(parseResult.GetValue(kind)!);
            using var client = removeConnection.CreateClient(parseResult);
            await client.RemoveSubscriptionAsync(parseResult.GetValue(source)!, what, parseResult.GetValue(subscriber), cancellationToken);
            return 0;
        });

        var subscriptions = new Command("subscriptions", "What a participant receives beyond its neighbours, at the aggregator.");
        subscriptions.Subcommands.Add(list);
        subscriptions.Subcommands.Add(add);
        subscriptions.Subcommands.Add(remove);
        return subscriptions;
    }

    static RelayedItemKind KindOf(string value) => value switch
    {
        "report" or "dailyReport" => RelayedItemKind.DailyReport,
        "measure" => RelayedItemKind.Measure,
        _ => throw new UsageException($"--kind must be report or measure, not '{value}'."),
    };

    static string Line(SubscriptionView s) =>
        $"{s.Subscriber}\t<-\t{s.Source}\t{(s.Kind == RelayedItemKind.DailyReport ? "report" : "measure")}\t{(s.Obligatory ? "obligatory" : s.Origin)}";
}
