using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.ContactPoint;
using BalkanHub.Client;
using BalkanHub.Contracts;

namespace BalkanHub.Cli;

/// <summary>
/// <c>balkanhub assistance ask|offer|accept|decline|commit|dispatch|deliver|withdraw|list</c>: assistance
/// between participants, at the country's contact point. The requester asks and accepts or declines
/// offers; the offerer offers, then commits, dispatches and delivers. The contact point refuses a step
/// out of order or taken by the wrong side (409), and the command prints why.
/// </summary>
internal static class AssistanceCommands
{
    /// <summary>Builds <c>assistance</c> and its subcommands.</summary>
    public static Command Build()
    {
        var assistance = new Command("assistance", "Needs analyses, assistance requests and offers between participants.");
        assistance.Subcommands.Add(Ask());
        assistance.Subcommands.Add(Offer());
        foreach (var step in new[] { OfferStep.Accept, OfferStep.Decline, OfferStep.Commit, OfferStep.Dispatch, OfferStep.Deliver })
            assistance.Subcommands.Add(Step(step));
        assistance.Subcommands.Add(Withdraw());
        assistance.Subcommands.Add(List());
        return assistance;
    }

    static Option<string?> NoteOption() => new("--note") { Description = "A note for the other side (at most 2000 characters)." };

    static Command Ask()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "The needs analysis as JSON, the body POST /api/needs takes: title, items (item, quantity, unit), optional planPoints and exercise." };
        var needs = new Option<Guid?>("--needs") { Description = "Instead of --file: an open needs analysis of this country, to turn into a request." };
        var exercise = new Option<bool>("--exercise") { Description = "Practice: the analysis, its request and every offer against it are relayed marked as exercise." };
        var connection = Connection.ForContactPoint();
        var command = new Command("ask", "Asks the other participants for assistance: opens a needs analysis from --file and turns it into a request at once " +
            "(or turns the open analysis --needs into one); prints the request's id.");
        command.Options.Add(file);
        command.Options.Add(needs);
        command.Options.Add(exercise);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var given = parseResult.GetValue(file);
            var analysis = parseResult.GetValue(needs);
            if ((given is null) == (analysis is null))
                throw new UsageException("give either --file (a new needs analysis) or --needs (an open one), not both.");
            if (analysis is not null && parseResult.GetValue(exercise))
                throw new UsageException("--exercise goes with --file: an existing analysis is already real or practice.");
            using var client = connection.CreateClient(parseResult);
            if (given is not null)
            {
                var body = await JsonInput.ReadObjectAsync(given, "needs analysis", cancellationToken);
                if (parseResult.GetValue(exercise))
                    body["exercise"] = true;
                var opened = await client.OpenNeedsAsync(body, cancellationToken);
                await Console.Out.WriteLineAsync($"opened needs analysis {opened.NeedsAnalysisId}{Exercise.Mark(opened.Exercise)}");
                analysis = opened.NeedsAnalysisId;
            }
            var request = await client.RequestFromNeedsAsync(analysis!.Value, cancellationToken);
            // The last line is what scripts read: the id others offer against.
            await Console.Out.WriteLineAsync($"requested {request.RequestId} status {JsonInput.Wire(request.Status)}: {request.Title} ({Items(request.Items)}){Exercise.Mark(request.Exercise)}");
            return 0;
        });
        return command;
    }

    static Command Offer()
    {
        var request = new Option<Guid>("--request") { Description = "The request to offer against, as its requester's ask printed it.", Required = true };
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "The offer as JSON, the body POST /api/requests/{id}/offers takes: items (item, quantity, unit) the request asked for, optional note and planPoints.",
            Required = true,
        };
        var connection = Connection.ForContactPoint();
        var command = new Command("offer", "Offers items against another participant's open request; prints the offer's id.");
        command.Options.Add(request);
        command.Options.Add(file);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = await JsonInput.ReadObjectAsync(parseResult.GetValue(file)!, "offer", cancellationToken);
            using var client = connection.CreateClient(parseResult);
            var offer = await client.OfferAsync(parseResult.GetValue(request), body, cancellationToken);
            await Console.Out.WriteLineAsync($"offered {offer.OfferId} to {offer.Requester} status {JsonInput.Wire(offer.Status)}: {Items(offer.Items)}{Exercise.Mark(offer.Exercise)}");
            foreach (var warning in offer.Warnings ?? [])
                await Console.Out.WriteLineAsync($"  check {warning.Field}: {warning.Message}");
            return 0;
        });
        return command;
    }

    static Command Step(OfferStep step)
    {
        var name = OfferSteps.PathOf(step);
        var offer = new Option<Guid>("--offer") { Description = "The offer, as offer or list printed it.", Required = true };
        var note = NoteOption();
        var connection = Connection.ForContactPoint();
        var command = new Command(name, step switch
        {
            OfferStep.Accept => "The requester accepts an offer.",
            OfferStep.Decline => "The requester declines an offer.",
            OfferStep.Commit => "The offerer commits to its accepted offer.",
            OfferStep.Dispatch => "The offerer has sent what it committed.",
            _ => "The offerer's items arrived.",
        });
        command.Options.Add(offer);
        command.Options.Add(note);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            return await PrintAsync(await client.ChangeOfferAsync(parseResult.GetValue(offer), step, parseResult.GetValue(note), cancellationToken));
        });
        return command;
    }

    static Command Withdraw()
    {
        var offer = new Option<Guid?>("--offer") { Description = "This country's offer to take back." };
        var request = new Option<Guid?>("--request") { Description = "This country's open request to withdraw." };
        var note = NoteOption();
        var connection = Connection.ForContactPoint();
        var command = new Command("withdraw", "Withdraws this country's offer (--offer) or its open request (--request).");
        command.Options.Add(offer);
        command.Options.Add(request);
        command.Options.Add(note);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (offerId, requestId) = (parseResult.GetValue(offer), parseResult.GetValue(request));
            if ((offerId is null) == (requestId is null))
                throw new UsageException("give either --offer or --request, not both.");
            using var client = connection.CreateClient(parseResult);
            if (offerId is { } o)
                return await PrintAsync(await client.ChangeOfferAsync(o, OfferStep.Withdraw, parseResult.GetValue(note), cancellationToken));
            var withdrawn = await client.WithdrawRequestAsync(requestId!.Value, parseResult.GetValue(note), cancellationToken);
            await Console.Out.WriteLineAsync($"request {withdrawn.RequestId} status {JsonInput.Wire(withdrawn.Status)}{Exercise.Mark(withdrawn.Exercise)}");
            return 0;
        });
        return command;
    }

    static Command List()
    {
        var connection = Connection.ForContactPoint();
        var command = new Command("list", "Prints the requests and offers this contact point knows, one line each: " +
            "request, id, country, status, title; offer, id, offerer→requester, status, items; EXERCISE last for practice.");
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            foreach (var r in await client.GetRequestsAsync(cancellationToken: cancellationToken))
                await Console.Out.WriteLineAsync($"request\t{r.RequestId}\t{r.Country}\t{JsonInput.Wire(r.Status)}\t{r.Title}{Exercise.Mark(r.Exercise)}");
            foreach (var o in await client.GetOffersAsync(cancellationToken))
                await Console.Out.WriteLineAsync($"offer\t{o.OfferId}\t{o.Offerer}→{o.Requester}\t{JsonInput.Wire(o.Status)}\t{Items(o.Items)}{Exercise.Mark(o.Exercise)}");
            return 0;
        });
        return command;
    }

    static async Task<int> PrintAsync(OfferView offer)
    {
        await Console.Out.WriteLineAsync($"offer {offer.OfferId} status {JsonInput.Wire(offer.Status)}{Exercise.Mark(offer.Exercise)}");
        return 0;
    }

    static string Items(IEnumerable<AssistanceItem> items) =>
        string.Join(", ", items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Quantity} {i.Unit} of {i.Item}")));
}
