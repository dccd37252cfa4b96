using System.CommandLine;
using System.Globalization;
using BalkanHub.Api.Contracts.ContactPoint;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub inbox tail|list|ack</c>: what the hub relays to a country, and its acknowledgement.</summary>
internal static class InboxCommands
{
    /// <summary>Builds <c>inbox</c> and its subcommands.</summary>
    public static Command Build()
    {
        var inbox = new Command("inbox", "The country's inbox: what its neighbours and the hub sent it.");
        inbox.Subcommands.Add(Tail());
        inbox.Subcommands.Add(List());
        inbox.Subcommands.Add(Ack());
        return inbox;
    }

    static Option<long> AfterOption(string description) => new("--after")
    {
        Description = description,
        DefaultValueFactory = _ => 0,
    };

    static Command Tail()
    {
        var after = AfterOption("Print items after this sequence (default 0: the whole inbox first, then what arrives).");
        var connection = Connection.ForContactPoint();
        var tail = new Command("tail", "Prints every item relayed to the country as it arrives, one line each (sequence, message type, source, item key, then " +
            "'(to acknowledge)' and EXERCISE where they apply), until Ctrl-C.");
        tail.Options.Add(after);
        connection.AddTo(tail);
        tail.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            return await TailAsync(client, parseResult.GetValue(after), cancellationToken);
        });
        return tail;
    }

    static Command List()
    {
        var after = AfterOption("Print items after this sequence (default 0: from the start).");
        var limit = new Option<int>("--limit")
        {
            Description = "At most this many items (1–1000, default 100); the last line says where to go on from.",
            DefaultValueFactory = _ => 100,
        };
        var connection = Connection.ForContactPoint();
        var list = new Command("list", "Prints the items relayed to the country after a sequence, one line each as tail prints them, and stops.");
        list.Options.Add(after);
        list.Options.Add(limit);
        connection.AddTo(list);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            var from = parseResult.GetValue(after);
            if (from < 0)
                throw new UsageException("--after must not be negative.");
            using var client = connection.CreateClient(parseResult);
            var page = await client.GetInboxAsync(from, parseResult.GetValue(limit), cancellationToken);
            foreach (var item in page.Items)
                await Console.Out.WriteLineAsync(Line(item));
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"next {page.Next}"));
            return 0;
        });
        return list;
    }

    static Command Ack()
    {
        var sequence = new Option<long>("--sequence", "-s")
        {
            Description = "The item's sequence number, the first field of a tail or list line.",
            Required = true,
        };
        var connection = Connection.ForContactPoint();
        var ack = new Command("ack", "Acknowledges a relayed item (a measure, say); the sender and the Commission are told. Acknowledging twice changes nothing.");
        ack.Options.Add(sequence);
        connection.AddTo(ack);
        ack.SetAction(async (parseResult, cancellationToken) =>
        {
            var seq = parseResult.GetValue(sequence);
            if (seq < 1)
                throw new UsageException("--sequence must be 1 or more.");
            using var client = connection.CreateClient(parseResult);
            var done = await client.AcknowledgeAsync(seq, cancellationToken);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"acknowledged {done.Sequence} {done.ItemKey} at {done.AcknowledgedAt:u}"));
            return 0;
        });
        return ack;
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

    static string Line(InboxItemView item) => string.Create(CultureInfo.InvariantCulture,
        $"{item.Sequence}\t{item.MessageType}\t{item.Source}\t{item.ItemKey}{(item.RequiresAcknowledgement && item.AcknowledgedAt is null ? "\t(to acknowledge)" : "")}{Exercise.Mark(item.Exercise)}");
}
