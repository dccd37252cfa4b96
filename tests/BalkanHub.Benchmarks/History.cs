using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;
using System.Data.Common;

namespace BalkanHub.Benchmarks;

/// <summary>
/// Scenario 5: years of daily reports in the aggregator's store (SQLite, then PostgreSQL), then the
/// Commission's reads: the picture of a random day, the 90-day series the dashboard draws, the seven-day
/// trends, and a year's HXL export.
/// </summary>
internal static class History
{
    /// <summary>How each store keeps the values EF Core maps: SQLite as text and numbers, PostgreSQL natively.</summary>
    public sealed record Dialect(string Store, Func<Guid, object> Id, Func<DateOnly, object> Day, Func<DateTimeOffset, object> Time, Func<bool, object> Flag)
    {
        /// <summary>EF Core's SQLite mapping here: upper-case GUID text, ISO dates, UTC ticks (the aggregator's converter), 0/1.</summary>
        public static readonly Dialect Sqlite = new("SQLite", id => id.ToString().ToUpperInvariant(),
            day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), time => time.UtcTicks, flag => flag ? 1 : 0);

        /// <summary>Npgsql's own types: uuid, date, timestamptz (UTC), boolean.</summary>
        public static readonly Dialect Postgres = new("PostgreSQL", id => id, day => day, time => time.ToUniversalTime(), flag => flag);
    }

    /// <summary>
    /// Writes <paramref name="days"/> days of reports for every country straight into the aggregator's
    /// tables, in one transaction, the rows the intake would have written: the report (latest version,
    /// on time) with its message, its flows per neighbour and direction summed from ten crossing points,
    /// and five nationalities. Posting 20,000 reports through the bus would take longer than the rest of
    /// the benchmark together, and measures nothing scenario 2 does not. No measures, relays or feed
    /// entries are written: the reads measured here do not use them. The same SQL serves both stores.
    /// </summary>
    public static async Task<int> SeedAsync(DbConnection connection, Dialect dialect, RouteMap route, IReadOnlyList<string> countries, DateOnly lastDay, int days)
    {
        var random = new Random(2015);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await using var report = Command(connection, transaction, """
            INSERT INTO "Reports" ("ReportId", "Country", "ReportDate", "Version", "IsLatest", "Relayed", "MessageId", "SubmittedAt", "ReceivedAt", "Exercise",
                "Arrivals", "Departures", "PeoplePresent", "Registered", "AsylumApplications", "Men", "Women", "Children", "UnaccompaniedChildren",
                "CapacityTotal", "CapacityOccupied", "DueAt", "OnTime", "Message")
            VALUES (@id, @country, @date, 1, @yes, @yes, @message_id, @at, @at, @no, @arrivals, @departures, @present, @registered, @asylum,
                @men, @women, @children, @unaccompanied, @capacity, @occupied, @due, @yes, @message)
            RETURNING "Id"
            """);
        await using var flow = Command(connection, transaction,
            """INSERT INTO "ReportFlows" ("ReportRowId", "Country", "ReportDate", "Neighbour", "Direction", "Count") VALUES (@row, @country, @date, @neighbour, @direction, @count)""");
        await using var nationality = Command(connection, transaction,
            """INSERT INTO "ReportNationalities" ("ReportRowId", "Country", "ReportDate", "Nationality", "Count") VALUES (@row, @country, @date, @nationality, @count)""");
        string[] nationalities = ["SY", "AF", "IQ", "IR", "PK"];

        var rows = 0;
        for (var d = days - 1; d >= 0; d--)
        {
            var day = lastDay.AddDays(-d);
            var date = dialect.Day(day);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            foreach (var country in countries)
            {
                var neighbours = route.NeighboursOf(country).Order(StringComparer.Ordinal).ToArray();
                // Ten crossing points, spread over the country's borders, each with people in and out.
                var crossings = Enumerable.Range(0, 10).Select(i => (Neighbour: neighbours[i % neighbours.Length], In: random.Next(0, 800), Out: random.Next(0, 800))).ToList();
                var arrivals = crossings.Sum(c => c.In);
                var departures = crossings.Sum(c => c.Out);
                var message = Message(country, day, crossings, arrivals, departures);
                Set(report, ("id", dialect.Id(Guid.NewGuid())), ("country", country), ("date", date), ("yes", dialect.Flag(true)), ("no", dialect.Flag(false)),
                    ("message_id", dialect.Id(Guid.NewGuid())), ("at", dialect.Time(at)), ("arrivals", arrivals), ("departures", departures),
                    ("present", random.Next(0, 5000)), ("registered", arrivals), ("asylum", random.Next(0, 50)), ("men", arrivals / 2),
                    ("women", arrivals / 4), ("children", arrivals - arrivals / 2 - arrivals / 4), ("unaccompanied", arrivals / 40),
                    ("capacity", 8000), ("occupied", random.Next(0, 8000)), ("due", dialect.Time(at.AddHours(3))), ("message", message));
                var row = Convert.ToInt64(await report.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                foreach (var border in crossings.GroupBy(c => c.Neighbour))
                {
                    foreach (var (direction, count) in new[] { (0, border.Sum(c => c.In)), (1, border.Sum(c => c.Out)) })
                    {
                        Set(flow, ("row", row), ("country", country), ("date", date), ("neighbour", border.Key), ("direction", direction), ("count", count));
                        await flow.ExecuteNonQueryAsync();
                    }
                }
                foreach (var code in nationalities)
                {
                    Set(nationality, ("row", row), ("country", country), ("date", date), ("nationality", code), ("count", random.Next(0, arrivals / 3 + 1)));
                    await nationality.ExecuteNonQueryAsync();
                }
                rows++;
            }
        }
        await transaction.CommitAsync();
        return rows;
    }

    static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    static void Set(DbCommand command, params (string Name, object Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>The report as the message column keeps it: the report with its ten crossing points.</summary>
    static string Message(string country, DateOnly day, List<(string Neighbour, int In, int Out)> crossings, int arrivals, int departures)
    {
        var report = Samples.PlainReport(day, arrivals);
        report["departures"]!["total"] = departures;
        report["arrivals"]!.AsObject()["byCrossingPoint"] = new JsonArray([.. crossings.Select((c, i) => (JsonNode)new JsonObject { ["crossingPoint"] = $"{country}-{c.Neighbour}-{i}", ["count"] = c.In })]);
        report["departures"]!.AsObject()["byCrossingPoint"] = new JsonArray([.. crossings.Select((c, i) => (JsonNode)new JsonObject { ["crossingPoint"] = $"{country}-{c.Neighbour}-{i}", ["count"] = c.Out })]);
        return new JsonObject { ["country"] = country, ["version"] = 1, ["report"] = report }.ToJsonString();
    }

    /// <summary>Times <paramref name="samples"/> GETs, one at a time, after two that warm the path up.</summary>
    public static async Task<List<double>> TimeAsync(HttpClient http, int samples, Func<int, string> path)
    {
        var times = new List<double>();
        for (var i = -2; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(path(i), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            // The whole body counts: the export streams.
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
            watch.Stop();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET {path(i)} answered {(int)response.StatusCode}.");
            if (i >= 0)
                times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
