using System.CommandLine;
using System.Globalization;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub feed tail</c>: the Commission's feed at the aggregator, as it grows.</summary>
internal static class FeedCommands
{
    /// <summary>Builds <c>feed</c> and its subcommands.</summary>
    public static Command Build()
    {
        var after = new Option<long>("--after")
        {
            Description = "Print entries after this sequence (default 0: the whole feed first).",
            DefaultValueFactory = _ => 0,
        };
        var planPoint = new Option<int?>("--plan-point") { Description = "Only entries about this point of the 25 October 2015 plan." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between polls when nothing is new (default 3).",
            DefaultValueFactory = _ => 3,
        };
        var connection = Connection.ForAggregator();
        var tail = new Command("tail", "Polls the Commission's feed and prints each new entry (sequence, message type, source, item key, relayed at, then '(short notice)' and EXERCISE where they apply), until Ctrl-C.");
        tail.Options.Add(after);
        tail.Options.Add(planPoint);
        tail.Options.Add(interval);
        connection.AddTo(tail);
        tail.SetAction(async (parseResult, cancellationToken) =>
        {
            var seconds = parseResult.GetValue(interval);
            if (seconds is <= 0 or > 3600)
                throw new UsageException("--interval must be between 0 and 3600 seconds.");
            using var client = connection.CreateClient(parseResult);
            return await TailAsync(client, parseResult.GetValue(after), parseResult.GetValue(planPoint), TimeSpan.FromSeconds(seconds), cancellationToken);
        });

        var feed = new Command("feed", "The Commission's feed of everything relayed.");
        feed.Subcommands.Add(tail);
        return feed;
    }

    static async Task<int> TailAsync(BalkanHubClient client, long after, int? planPoint, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var page = await client.GetFeedAsync(after, 100, planPoint, cancellationToken);
                foreach (var entry in page.Items)
                    await Console.Out.WriteLineAsync(Line(entry));
                if (page.Items.Count > 0)
                    after = page.Next;
                // A full page means more is waiting: read on at once.
                if (page.Items.Count < 100)
                    await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: done watching.
            return 0;
        }
    }

    static string Line(FeedEntry entry) => string.Create(CultureInfo.InvariantCulture,
        $"{entry.Sequence}\t{entry.MessageType}\t{entry.Source}\t{entry.ItemKey}\t{entry.RelayedAt:u}{(entry.ShortNotice == true ? "\t(short notice)" : "")}{Exercise.Mark(entry.Exercise)}");
}
