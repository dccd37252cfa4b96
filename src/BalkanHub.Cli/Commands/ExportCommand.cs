using System.CommandLine;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub export</c>: the daily reports of every country, from the aggregator, as HXL CSV, plain CSV, JSON or an XLSX workbook.</summary>
internal static class ExportCommand
{
    /// <summary>Builds <c>export</c>.</summary>
    public static Command Build()
    {
        var format = new Option<string>("--format")
        {
            Description = "csv (HXL-tagged, the default), json, or xlsx (a workbook with nationality and crossing-point sheets; needs --output).",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "json", "xlsx");
        var noHxl = new Option<bool>("--no-hxl") { Description = "CSV without the row of HXL hashtags, for spreadsheets that read the first row as the header." };
        var from = new Option<DateOnly?>("--from") { Description = "The first day (yyyy-MM-dd)." };
        var to = new Option<DateOnly?>("--to") { Description = "The last day (yyyy-MM-dd)." };
        var country = new Option<string?>("--country") { Description = "Only this country's reports (ISO code, such as GR)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var connection = Connection.ForAggregator();
        var command = new Command("export", "Exports the daily reports the aggregator holds, latest versions, to standard output or a file.");
        command.Options.Add(format);
        command.Options.Add(noHxl);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(country);
        command.Options.Add(output);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(from) is { } first && parseResult.GetValue(to) is { } last && first > last)
                throw new UsageException("--from must not be after --to.");
            var file = parseResult.GetValue(output);
            var chosen = Enum.Parse<DailyExportFormat>(parseResult.GetValue(format)!, ignoreCase: true);
            if (chosen == DailyExportFormat.Xlsx && file is null)
                throw new UsageException("--format xlsx writes a binary workbook: give it a file with --output.");
            if (parseResult.GetValue(noHxl) && chosen != DailyExportFormat.Csv)
                throw new UsageException("--no-hxl is for --format csv only.");
            var hxl = !parseResult.GetValue(noHxl);
            using var client = connection.CreateClient(parseResult);
            var code = parseResult.GetValue(country)?.Trim().ToUpperInvariant();
            if (file is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await client.ExportDailyAsync(stdout, chosen, parseResult.GetValue(from), parseResult.GetValue(to), code, hxl, cancellationToken);
                return 0;
            }
            // Written beside the target and moved into place, so a failed export leaves no half file.
            var partial = file.FullName + ".partial";
            try
            {
                await using (var stream = File.Create(partial))
                    await client.ExportDailyAsync(stream, chosen, parseResult.GetValue(from), parseResult.GetValue(to), code, hxl, cancellationToken);
                File.Move(partial, file.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            await Console.Error.WriteLineAsync($"wrote {file.FullName} ({new FileInfo(file.FullName).Length} bytes)");
            return 0;
        });
        return command;
    }
}
