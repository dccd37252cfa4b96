using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.ContactPoint;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub measure announce|update|cancel|lift</c>: a country's measures at its borders.</summary>
internal static class MeasureCommands
{
    /// <summary>Builds <c>measure</c> and its subcommands.</summary>
    public static Command Build()
    {
        var measure = new Command("measure", "Measures at the country's borders: caps, closures, fences, transit corridors.");
        measure.Subcommands.Add(Announce());
        measure.Subcommands.Add(Update());
        measure.Subcommands.Add(Cancel());
        measure.Subcommands.Add(Lift());
        return measure;
    }

    static Option<FileInfo> FileOption() => new("--file", "-f")
    {
        Description = "The measure notice as JSON: the body POST /api/measures takes.",
        Required = true,
    };

    static Option<Guid> IdOption() => new("--id")
    {
        Description = "The measure's id, as announce printed it.",
        Required = true,
    };

    static Command Announce()
    {
        var file = FileOption();
        var connection = Connection.ForContactPoint();
        var command = new Command("announce", "Announces a measure to the neighbours and the Commission; prints its id, status and notice.");
        command.Options.Add(file);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var notice = await ReadAsync(parseResult.GetValue(file)!, cancellationToken);
            using var client = connection.CreateClient(parseResult);
            return await PrintAsync(await client.AnnounceMeasureAsync(notice, cancellationToken: cancellationToken), "announced");
        });
        return command;
    }

    static Command Update()
    {
        var file = FileOption();
        var id = IdOption();
        var connection = Connection.ForContactPoint();
        var command = new Command("update", "Updates a planned or in-force measure with a whole new notice.");
        command.Options.Add(id);
        command.Options.Add(file);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var notice = await ReadAsync(parseResult.GetValue(file)!, cancellationToken);
            using var client = connection.CreateClient(parseResult);
            return await PrintAsync(await client.UpdateMeasureAsync(parseResult.GetValue(id), notice, cancellationToken), "updated");
        });
        return command;
    }

    static Command Cancel()
    {
        var id = IdOption();
        var reason = new Option<string?>("--reason") { Description = "Why the measure is withdrawn; the neighbours see it." };
        var connection = Connection.ForContactPoint();
        var command = new Command("cancel", "Cancels a planned measure before it takes effect; one in force is lifted instead.");
        command.Options.Add(id);
        command.Options.Add(reason);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            return await PrintAsync(await client.CancelMeasureAsync(parseResult.GetValue(id), parseResult.GetValue(reason), cancellationToken), "cancelled");
        });
        return command;
    }

    static Command Lift()
    {
        var id = IdOption();
        var reason = new Option<string?>("--reason") { Description = "Why the measure ends now; the neighbours see it." };
        var connection = Connection.ForContactPoint();
        var command = new Command("lift", "Lifts a measure in force: it ends now, and the neighbours and the Commission are told.");
        command.Options.Add(id);
        command.Options.Add(reason);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            return await PrintAsync(await client.LiftMeasureAsync(parseResult.GetValue(id), parseResult.GetValue(reason), cancellationToken), "lifted");
        });
        return command;
    }

    static Task<JsonObject> ReadAsync(FileInfo file, CancellationToken cancellationToken) => JsonInput.ReadObjectAsync(file, "measure notice", cancellationToken);

    static async Task<int> PrintAsync(MeasureView view, string what)
    {
        var m = view.Measure;
        // The first line is what scripts read: the id to update or cancel the measure later.
        await Console.Out.WriteLineAsync($"{what} measure {m.MeasureId} revision {m.Revision} status {JsonInput.Wire(view.StatusNow)}{Exercise.Mark(m.Exercise)}");
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {m.Country} {m.Title}: from {m.EffectiveFrom:u}{(m.EffectiveUntil is { } until ? $" until {until:u}" : "")}, {view.LeadTime}{(view.ShortNotice ? " (short notice)" : "")}{(view.Retroactive ? " (retroactive)" : "")}"));
        if (m.AffectedCrossingPoints.Count > 0)
            await Console.Out.WriteLineAsync($"  crossing points: {string.Join(", ", m.AffectedCrossingPoints)}");
        return 0;
    }
}
