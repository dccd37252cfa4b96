using System.Globalization;
using CsvHelper;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Reports arrive over the bus as the contact points publish them; the Commission reads one picture of
/// the day, trends with capacity runways, reconciliation alerts on borders whose two counts disagree,
/// and an HXL export that round-trips the stored numbers.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_the_commission_reads_the_picture(string store) : AggregatorFixture(store)
{
    /// <summary>A report whose flows are broken down by neighbour, with a composition and two nationalities.</summary>
    static DailyReportSubmitted Report(string country, DateOnly day, int arrivals, int departures,
        (string Country, int Count)[]? from = null, (string Country, int Count)[]? to = null, int version = 1, Guid? reportId = null,
        int capacity = 5000, int occupied = 1000)
    {
        var report = Messages.Report(country, day, version, arrivals, reportId);
        return report with
        {
            Report = report.Report with
            {
                Arrivals = new Arrivals { Total = arrivals, ByCrossingPoint = [], ByOriginCountry = [.. (from ?? []).Select(f => new CountryCount { Country = f.Country, Count = f.Count })] },
                Departures = new Departures { Total = departures, ByCrossingPoint = [], ByDestinationCountry = [.. (to ?? []).Select(t => new CountryCount { Country = t.Country, Count = t.Count })] },
                PeoplePresent = occupied,
                Registered = arrivals - 10,
                AsylumApplications = arrivals / 100,
                Composition = new Composition
                {
                    Men = arrivals / 2, Women = arrivals / 4, Children = arrivals / 5, UnaccompaniedChildren = arrivals / 50,
                    ByNationality = [new NationalityCount { Nationality = "SY", Count = arrivals / 2 }, new NationalityCount { Nationality = "AF", Count = arrivals / 4 }],
                },
                Capacity = new ReceptionCapacity { Total = capacity, Occupied = occupied },
            },
        };
    }

    async Task PublishAsync(params DailyReportSubmitted[] reports)
    {
        foreach (var report in reports)
            await Host.ContactPoints.Publish(report);
        // Each version by its report id and version: a correction shares the id of the report it corrects.
        foreach (var report in reports)
            await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.ReportId == report.ReportId && r.Version == report.Version && r.Relayed),
                $"{report.Report.Country} {report.Report.ReportDate:yyyy-MM-dd} v{report.Version} to be stored");
    }

    [Test]
    public async Task Should_consolidate_the_day_from_the_latest_versions_with_totals_and_both_counts_of_each_edge()
    {
        var day = new DateOnly(2015, 10, 20);
        var greece = Report("GR", day, 6000, 5800, from: [("TR", 6000)], to: [("MK", 5800)]);
        await PublishAsync(
            greece,
            Report("MK", day, 5700, 5600, from: [("GR", 5700)], to: [("RS", 5600)]),
            Report("RS", day, 5500, 5400, from: [("MK", 5500)], to: [("HR", 5400)]),
            Report("HR", day, 5300, 5200, from: [("RS", 5300)], to: [("SI", 5200)]),
            Report("SI", day, 5100, 5000, from: [("HR", 5100)], to: [("AT", 5000)]));
        // Greece corrects its report: the picture shows the correction only.
        await PublishAsync(Report("GR", day, 6200, 5900, from: [("TR", 6200)], to: [("MK", 5900)], version: 2, reportId: greece.ReportId));

        var picture = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/picture?date={day:yyyy-MM-dd}"))!;
        var participants = picture["participants"]!.AsArray().ToDictionary(p => (string)p!["country"]!, p => p!.AsObject());
        var gr = participants["GR"];
        Assert.Multiple(() =>
        {
            Assert.That((int)gr["version"]!, Is.EqualTo(2), "the corrected version replaces the original");
            Assert.That((int)gr["arrivals"]!, Is.EqualTo(6200));
            Assert.That((int)gr["departures"]!, Is.EqualTo(5900));
            Assert.That((int)gr["registered"]!, Is.EqualTo(6190));
            Assert.That((int)gr["asylumApplications"]!, Is.EqualTo(62));
            Assert.That((int)gr["composition"]!["men"]!, Is.EqualTo(3100));
            Assert.That((int)gr["composition"]!["unaccompaniedChildren"]!, Is.EqualTo(124));
            Assert.That(gr["composition"]!["topNationalities"]!.AsArray().Select(n => (string)n!["nationality"]!), Is.EqualTo(new[] { "SY", "AF" }));
            Assert.That((int)gr["capacity"]!["free"]!, Is.EqualTo(4000));
            Assert.That((int)participants["SI"]["peoplePresent"]!, Is.EqualTo(1000));
            Assert.That((bool)participants["AT"]["reported"]!, Is.False, "Austria has not reported that day");
        });

        var totals = picture["totals"]!;
        Assert.Multiple(() =>
        {
            Assert.That((int)totals["countriesReported"]!, Is.EqualTo(5));
            Assert.That((int)totals["entriesIntoRoute"]!, Is.EqualTo(6200), "people enter the route once, in Greece, however many countries they cross");
            Assert.That((int)totals["exitsFromRoute"]!, Is.Zero, "Slovenia's departures go to Austria, on the route");
            Assert.That((int)totals["peoplePresent"]!, Is.EqualTo(5 * 1000));
            Assert.That((int)totals["capacity"]!["total"]!, Is.EqualTo(5 * 5000));
        });

        var edges = picture["edges"]!.AsArray().ToDictionary(e => $"{e!["from"]}>{e["to"]}", e => e!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That((int)edges["GR>MK"]["reportedByFrom"]!, Is.EqualTo(5900), "Greece's corrected departures to North Macedonia");
            Assert.That((int)edges["GR>MK"]["reportedByTo"]!, Is.EqualTo(5700), "North Macedonia's arrivals from Greece");
            Assert.That((int)edges["GR>MK"]["gap"]!, Is.EqualTo(200));
            Assert.That((int)edges["RS>HR"]["reportedByFrom"]!, Is.EqualTo(5400));
            Assert.That((int)edges["RS>HR"]["reportedByTo"]!, Is.EqualTo(5300));
            Assert.That(edges["SI>AT"]["reportedByTo"], Is.Null, "Austria did not report");
        });
    }

    [Test]
    public async Task Should_raise_a_reconciliation_alert_to_both_countries_and_the_commission_only_when_the_gap_is_large()
    {
        var gapDay = new DateOnly(2015, 11, 2);
        var closeDay = gapDay.AddDays(1);
        await PublishAsync(
            Report("RS", gapDay, 5000, 5000, from: [("MK", 5000)], to: [("HR", 5000)]),
            Report("HR", gapDay, 4100, 4100, from: [("RS", 4100)], to: [("SI", 4100)]),
            Report("RS", closeDay, 5000, 5000, from: [("MK", 5000)], to: [("HR", 5000)]),
            Report("HR", closeDay, 4950, 4950, from: [("RS", 4950)], to: [("SI", 4950)]));

        var alerts = await Host.QueryAsync(db => db.Relays.AsNoTracking()
            .Where(r => r.Item.MessageType == nameof(ReconciliationGapFound) && r.Item.ItemKey.StartsWith("reconciliation:RS-HR:2015-11-0"))
            .Select(r => new { r.Item.ItemKey, r.Recipient, r.Item.Payload }).ToListAsync());
        Assert.That(alerts.Select(a => a.ItemKey).Distinct(), Is.EqualTo(new[] { "reconciliation:RS-HR:2015-11-02:v1-v1" }), "4,950 of 5,000 raises nothing");
        Assert.That(alerts.Select(a => a.Recipient), Is.EquivalentTo(new[] { "RS", "HR", "FEED" }));
        var payload = JsonNode.Parse(alerts[0].Payload)!;
        Assert.Multiple(() =>
        {
            Assert.That((int)payload["departuresReported"]!, Is.EqualTo(5000));
            Assert.That((int)payload["arrivalsReported"]!, Is.EqualTo(4100));
            Assert.That((int)payload["gap"]!, Is.EqualTo(900));
            Assert.That(payload["crossingPoints"]!.AsArray().Select(c => (string)c!), Is.Not.Empty.And.All.StartsWith("HR-RS-"), "the crossing points on the border are named");
        });
    }

    [Test]
    public async Task Should_give_a_runway_of_two_days_to_a_country_with_a_thousand_places_left_and_five_hundred_more_a_day()
    {
        var last = new DateOnly(2015, 12, 7);
        var week = Enumerable.Range(0, 7).Select(i => Report("SI", last.AddDays(i - 6), 1500, 1000, capacity: 10_000, occupied: 9000 - (6 - i) * 500)).ToArray();
        await PublishAsync(week);

        var trends = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/trends?date={last:yyyy-MM-dd}"))!;
        var slovenia = trends["countries"]!.AsArray().Single(c => (string?)c!["country"] == "SI")!;
        Assert.Multiple(() =>
        {
            Assert.That((double)slovenia["netInflow"]!["perDay"]!, Is.EqualTo(500));
            Assert.That((double)slovenia["arrivals"]!["perDay"]!, Is.EqualTo(1500));
            Assert.That((int)slovenia["arrivals"]!["daysReported"]!, Is.EqualTo(7));
            Assert.That((double)slovenia["capacityRunway"]!["days"]!, Is.EqualTo(2));
            Assert.That((string?)slovenia["capacityRunway"]!["method"], Does.Contain("1000 free places"));
        });
    }

    [Test]
    public async Task Should_export_csv_with_the_hxl_row_that_round_trips_the_stored_numbers()
    {
        var day = new DateOnly(2016, 1, 14);
        await PublishAsync(
            Report("GR", day, 2100, 2000, to: [("MK", 2000)]),
            Report("MK", day, 1990, 1900, from: [("GR", 1990)]));

        using var response = await Host.Http.GetAsync(new Uri($"/api/export/daily.csv?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var csv = CsvReader.Create(bytes);
        Assert.That(csv.Read(), Is.True, "the HXL row follows the header");
        Assert.That(csv.GetString("date"), Is.EqualTo("#date"));
        Assert.That(csv.GetString("country"), Is.EqualTo("#country+code"));
        Assert.That(csv.GetString("arrivals"), Is.EqualTo("#affected+arrivals"));
        Assert.That(csv.GetString("women"), Is.EqualTo("#affected+f"));
        Assert.That(csv.GetString("reception_capacity"), Is.EqualTo("#capacity"));

        var stored = await Host.QueryAsync(db => db.Reports.AsNoTracking().Where(r => r.ReportDate == day && r.IsLatest).OrderBy(r => r.Country).ToListAsync());
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(csv.Headers!.ToDictionary(h => h, h => csv.GetString(h)!));
        Assert.That(rows.Select(r => r["country"]), Is.EqualTo(stored.Select(s => s.Country)));
        foreach (var (row, report) in rows.Zip(stored))
        {
            Assert.Multiple(() =>
            {
                Assert.That(row["date"], Is.EqualTo("2016-01-14"));
                Assert.That(int.Parse(row["arrivals"], CultureInfo.InvariantCulture), Is.EqualTo(report.Arrivals));
                Assert.That(int.Parse(row["departures"], CultureInfo.InvariantCulture), Is.EqualTo(report.Departures));
                Assert.That(int.Parse(row["women"], CultureInfo.InvariantCulture), Is.EqualTo(report.Women));
                Assert.That(int.Parse(row["men"], CultureInfo.InvariantCulture), Is.EqualTo(report.Men));
                Assert.That(int.Parse(row["children"], CultureInfo.InvariantCulture), Is.EqualTo(report.Children));
                Assert.That(int.Parse(row["reception_capacity"], CultureInfo.InvariantCulture), Is.EqualTo(report.CapacityTotal));
                Assert.That(int.Parse(row["reception_occupied"], CultureInfo.InvariantCulture), Is.EqualTo(report.CapacityOccupied));
                Assert.That(int.Parse(row["asylum_applications"], CultureInfo.InvariantCulture), Is.EqualTo(report.AsylumApplications));
            });
        }

        var json = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/export/daily.json?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}&country=MK"))!;
        Assert.That((string?)json["hxl"]!["arrivals"], Is.EqualTo("#affected+arrivals"));
        Assert.That(json["rows"]!.AsArray().Select(r => (int)r!["arrivals"]!), Is.EqualTo(new[] { 1990 }), "the JSON form, filtered by country");
    }

    [Test]
    public async Task Should_export_the_csvs_numbers_as_a_workbook_with_breakdown_sheets_and_leave_exercises_out()
    {
        var day = new DateOnly(2016, 1, 21);
        var greece = Report("GR", day, 3000, 2900, from: [("TR", 3000)], to: [("MK", 2900)]);
        greece = greece with
        {
            Report = greece.Report with
            {
                Departures = greece.Report.Departures with { ByCrossingPoint = [new CrossingPointCount { CrossingPoint = "GR-MK-IDOMENI", Count = 2900 }] },
            },
        };
        var macedonia = Report("MK", day, 2850, 2800, from: [("GR", 2850)], to: [("RS", 2800)]);
        // A drill on the same day, with numbers of its own: no sheet of the real export may show them.
        var drill = Report("RS", day, 77777, 77000, from: [("MK", 77777)]);
        drill = drill with { Report = drill.Report with { Exercise = true } };
        await PublishAsync(greece, macedonia);
        await Host.ContactPoints.Publish(drill);
        await Host.WaitUntilAsync(db => db.Reports.IgnoreQueryFilters().AnyAsync(r => r.ReportId == drill.ReportId && r.Relayed), "the drill to be stored");
        var period = $"from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";

        // Without the HXL row, for spreadsheets: the header, then one row per country.
        var csvText = await Host.Http.GetStringAsync(new Uri($"/api/export/daily.csv?{period}&hxl=false", UriKind.Relative));
        Assert.That(csvText, Does.Not.Contain("#affected"), "hxl=false leaves out the hashtag row");
        using var csv = CsvReader.Create(new StringReader(csvText));
        var csvRows = new List<Dictionary<string, string>>();
        while (csv.Read())
            csvRows.Add(csv.Headers!.ToDictionary(h => h, h => csv.GetString(h)!));
        Assert.That(csvRows.Select(r => r["country"]), Is.EqualTo(new[] { "GR", "MK" }), "one row per real report, no HXL row, no drill");

        using var response = await Host.Http.GetAsync(new Uri($"/api/export/daily.xlsx?{period}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, Does.Contain("daily.xlsx"));
        var sheets = Workbook.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.That(sheets.Keys, Is.EqualTo(new[] { "Daily", "Nationalities", "Crossing points", "Origins and destinations" }));

        var daily = sheets["Daily"];
        Assert.That(daily[0], Is.EqualTo(csv.Headers), "the workbook's columns are the CSV's, in its order");
        Assert.That(daily.Skip(1).ToList(), Has.Count.EqualTo(csvRows.Count), "one row per CSV row");
        foreach (var (cells, row) in daily.Skip(1).Zip(csvRows))
        {
            var byName = daily[0].Zip(cells).ToDictionary(p => (string)p.First!, p => p.Second);
            foreach (var (name, text) in row)
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    Assert.That(byName[name], Is.EqualTo((double)number), $"{row["country"]} {name}: a number in the workbook, the CSV's");
                else if (name == "date")
                    Assert.That(byName[name], Is.EqualTo(day.ToDateTime(TimeOnly.MinValue)), "the day, as a date the spreadsheet sorts");
                else if (name == "submitted_at")
                    Assert.That(((DateTime)byName[name]!).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Is.EqualTo(text), "the submission time in UTC");
                else
                    Assert.That(byName[name], Is.EqualTo(text), $"{row["country"]} {name}");
            }
        }

        Assert.That(Records(sheets["Nationalities"]).Select(r => ((string)r["country"]!, (string)r["nationality"]!, (double)r["people"]!)),
            Is.EquivalentTo(new[] { ("GR", "SY", 1500.0), ("GR", "AF", 750.0), ("MK", "SY", 1425.0), ("MK", "AF", 712.0) }),
            "each report's nationalities, and not the drill's");
        var crossing = Records(sheets["Crossing points"]).Single();
        Assert.That((crossing["country"], crossing["direction"], crossing["crossing_point"], crossing["crossing_point_name"], crossing["people"]),
            Is.EqualTo(((object)"GR", (object)"exit", (object)"GR-MK-IDOMENI", (object)"Idomeni–Gevgelija", (object)2900.0)), "Greece's exit at Idomeni, named as on the route");
        Assert.That(Records(sheets["Origins and destinations"]).Select(r => ((string)r["country"]!, (string)r["direction"]!, (string)r["other_country"]!, (double)r["people"]!)),
            Is.EquivalentTo(new[] { ("GR", "from", "TR", 3000.0), ("GR", "to", "MK", 2900.0), ("MK", "from", "GR", 2850.0), ("MK", "to", "RS", 2800.0) }));

        // A country exports its own reports and those relayed to it, in every format: Macedonia has Greece's and
        // its own, Serbia only Macedonia's (Greece is not its neighbour), Croatia neither.
        foreach (var (country, role, expected) in new[] { ("MK", "officer", new[] { "GR", "MK" }), ("RS", "viewer", ["MK"]), ("HR", "officer", []) })
        {
            using var reader = Host.ClientWith(Host.Key.Token(country, role));
            var rows = (await reader.GetStringAsync(new Uri($"/api/export/daily.csv?{period}&hxl=false", UriKind.Relative)))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1]).ToList();
            Assert.That(rows, Is.EqualTo(expected), $"{country}'s CSV: what was relayed to it, and its own");
            using var book = await reader.GetAsync(new Uri($"/api/export/daily.xlsx?{period}", UriKind.Relative));
            Assert.That(Workbook.Read(await book.Content.ReadAsByteArrayAsync())["Daily"].Skip(1).Select(r => (string?)r[1]), Is.EqualTo(expected),
                $"{country}'s workbook holds the same");
        }
        using var backwards = await Host.Http.GetAsync(new Uri("/api/export/daily.xlsx?from=2016-01-22&to=2016-01-21", UriKind.Relative));
        Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await backwards.Content.ReadAsStringAsync(), Does.Contain("\"to\""), "the problem names the bad field");
    }

    /// <summary>A sheet's rows after its header, by column name.</summary>
    static IEnumerable<Dictionary<string, object?>> Records(List<object?[]> sheet) =>
        sheet.Skip(1).Select(cells => sheet[0].Zip(cells).ToDictionary(p => (string)p.First!, p => p.Second));

    [Test]
    public async Task Should_refuse_a_picture_without_a_date_and_keep_neighbours_out()
    {
        using var noDate = await Host.Http.GetAsync(new Uri("/api/picture", UriKind.Relative));
        Assert.That(noDate.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await noDate.Content.ReadAsStringAsync(), Does.Contain("date"));

        using var croatia = Host.ClientWith(Host.Key.Token("HR", "officer"));
        foreach (var path in new[] { "/api/picture?date=2015-10-20", "/api/trends", "/api/compliance" })
            Assert.That((await croatia.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{path} is the Commission's");
    }

    [Test]
    public async Task Should_give_the_dashboard_the_latest_day_and_keep_countries_out()
    {
        var day = new DateOnly(2016, 2, 29);
        await PublishAsync(Report("HR", day, 4321, 4000, from: [("RS", 4321)], to: [("SI", 4000)]));
        var route = (await Host.Http.GetFromJsonAsync<JsonObject>("api/dashboard/route"))!;
        Assert.That((string?)route["latestReportDate"], Is.EqualTo("2016-02-29"), "the dashboard opens on the latest reported day");
        using var croatia = Host.ClientWith(Host.Key.Token("HR", "officer"));
        Assert.That((await croatia.GetAsync(new Uri("api/dashboard/route", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
            "a country reads what was relayed to it, not the route's picture");
    }
}
