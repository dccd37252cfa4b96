using System.CommandLine;
using System.Globalization;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub inbox tail</c>: what the hub relays to a country, live.</summary>
internal static class InboxCommands
{
    /// <summary>Builds <c>inbox</c> and its subcommands.</summary>
    public static Command Build()
    {
        var after = new Option<long>("--after")
        {
            Description = "Print items after this sequence (default 0: the whole inbox first, then what arrives).",
            DefaultValueFactory = _ => 0,
        };
        var connection = Connection.ForContactPoint();
        var tail = new Command("tail", "Prints every item relayed to the country as it arrives, one line each (sequence, message type, source, item key), until Ctrl-C.");
        tail.Options.Add(after);
        connection.AddTo(tail);
        tail.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            return await TailAsync(client, parseResult.GetValue(after), cancellationToken);
        });

        var inbox = new Command("inbox", "The country's inbox: what its neighbours and the hub sent it.");
        inbox.Subcommands.Add(tail);
        return inbox;
    }

    static async Task<int> TailAsync(BalkanHubClient client, long after, CancellationToken cancellationToken)
    {
        if (after < 0)
            throw new UsageException("--after must not be negative.");
        // The subscription reconnects for ever and would hide a wrong address or token; one plain read
        // first turns those into a clear error.
        await client.GetInboxAsync(after, 1, cancellationToken);

        try
        {
            await using var subscription = await client.SubscribeAsync(after, item => Console.Out.WriteLineAsync(Line(item)), cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the officer is done watching.
        }
        return 0;
    }

    static string Line(RelayedItem item) => string.Create(CultureInfo.InvariantCulture,
        $"{item.Sequence}\t{item.MessageType}\t{item.Source}\t{item.ItemKey}{(item.RequiresAcknowledgement && item.AcknowledgedAt is null ? "\t(to acknowledge)" : "")}");
}
