using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.ContactPoint;
using BalkanHub.Client;
using Spectre.Console;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub report submit</c>: posts daily reports to a country's contact point.</summary>
internal static class ReportCommands
{
    /// <summary>Builds <c>report</c> and its subcommands.</summary>
    public static Command Build()
    {
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "A JSON file (the body POST /api/reports takes, or an array of them) or a CSV file with one report a row. "
                + "CSV columns: " + ReportCsv.Layout + ".",
            Required = true,
        };
        var connection = Connection.ForContactPoint();
        var submit = new Command("submit", "Submits daily reports (or corrections: a second report for the same day is its next version) and prints the id and version of each.");
        submit.Options.Add(file);
        connection.AddTo(submit);
        submit.SetAction((parseResult, cancellationToken) => SubmitAsync(parseResult.GetValue(file)!, connection.CreateClient(parseResult), cancellationToken));

        var report = new Command("report", "Daily flow reports.");
        report.Subcommands.Add(submit);
        return report;
    }

    static async Task<int> SubmitAsync(FileInfo file, BalkanHubClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var reports = IsCsv(file, text) ? ReportCsv.Read(text) : ReadJson(text);
        if (reports.Count == 0)
            return await CliApp.FailAsync($"{file.Name} holds no report.");
        if (reports.Count == 1)
        {
            // One report: a refusal is the command's failure, printed field by field at the top.
            var accepted = await client.SubmitReportAsync(reports[0].Body, cancellationToken: cancellationToken);
            await Console.Out.WriteLineAsync(Accepted(accepted));
            return 0;
        }

        // Many reports: each is posted on its own, a refused one does not stop the rest, and every
        // refusal is listed with its line so the officer can fix the file and submit it again.
        var failures = 0;
        async Task SubmitOneAsync(ReportCsv.Row row)
        {
            try
            {
                var accepted = await client.SubmitReportAsync(row.Body, cancellationToken: cancellationToken);
                await Console.Out.WriteLineAsync(Accepted(accepted));
            }
            catch (BalkanHubApiException ex) when (ex.Status is >= 400 and < 500 and not 401 and not 403)
            {
                failures++;
                await Console.Error.WriteLineAsync($"error: {row.Where} ({(string?)row.Body["reportDate"] ?? "no date"}): {ex.Status} {ex.Title}{(ex.Detail is null ? "" : ": " + ex.Detail)}");
                foreach (var (field, messages) in ex.Errors)
                {
                    foreach (var message in messages)
                        await Console.Error.WriteLineAsync($"  {field}: {message}");
                }
            }
        }

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Submitting {reports.Count} reports", maxValue: reports.Count);
                foreach (var row in reports)
                {
                    await SubmitOneAsync(row);
                    task.Increment(1);
                }
            });
        }
        else
        {
            foreach (var row in reports)
                await SubmitOneAsync(row);
        }
        if (failures == 0)
            return 0;
        return await CliApp.FailAsync($"{failures} of {reports.Count} reports were refused; the others were stored.");
    }

    static string Accepted(ReportAccepted accepted) =>
        $"accepted report {accepted.ReportId} version {accepted.Version} for {accepted.ReportDate:yyyy-MM-dd}"
        + string.Concat((accepted.Warnings ?? []).Select(w => $"{Environment.NewLine}  check {w.Field}: {w.Message}"));

    static bool IsCsv(FileInfo file, string text) =>
        file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase)
        || (!file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && text.TrimStart() is var t && t.Length > 0 && t[0] is not '{' and not '[');

    static List<ReportCsv.Row> ReadJson(string text)
    {
        var json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        return json switch
        {
            JsonObject report => [new ReportCsv.Row("the report", report)],
            JsonArray reports => reports.Select((r, i) => r is JsonObject o ? new ReportCsv.Row($"item {i + 1}", o) : throw new InputException($"item {i + 1} of the array is not a report object.")).ToList(),
            _ => throw new InputException("the JSON file should hold a report object or an array of them."),
        };
    }
}
