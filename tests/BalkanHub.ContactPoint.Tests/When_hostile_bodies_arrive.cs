using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// A thousand malformed or hostile bodies (random JSON, huge arrays, deep nesting, wrong types,
/// oversize, not JSON at all) get clear 4xx answers: no 5xx, nothing stored, nothing published.
/// </summary>
[TestFixture]
[Category("Security")]
public sealed class When_hostile_bodies_arrive : HostFixture<ContactPointHost>
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("SI", b => b
        .UseSetting("Limits:PerSecond", "100000")
        .UseSetting("Limits:Burst", "100000"));

    [Test]
    public async Task Should_answer_each_of_a_thousand_with_a_4xx_and_store_and_publish_nothing()
    {
        var statuses = new Dictionary<int, int>();
        foreach (var (method, path, content, what) in HostileRequests(new Random(2015), 1000))
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await Host.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.That(status, Is.InRange(400, 499), $"{what}: {await response.Content.ReadAsStringAsync()}");
        }
        TestContext.Out.WriteLine("Answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));

        Assert.Multiple(async () =>
        {
            Assert.That(await Host.QueryAsync(db => db.Reports.CountAsync()), Is.Zero, "no report stored");
            Assert.That(await Host.QueryAsync(db => db.Measures.CountAsync()), Is.Zero, "no measure stored");
            Assert.That(await Host.QueryAsync(db => db.OutboxMessages.Where(m => !m.MessageType.Contains("ActionAudited")).CountAsync()), Is.Zero,
                "nothing published but the audit records of the refusals");
        });

        using var valid = await Host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2015, 10, 20)));
        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "and the contact point still works");
    }

    [Test]
    public async Task Should_answer_413_to_a_body_over_the_limit()
    {
        var report = Samples.PlainReport(new DateOnly(2015, 10, 21));
        report["notes"] = new string('x', 400_000);
        using var response = await Host.Http.PostAsJsonAsync("/api/reports", report);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    static IEnumerable<(HttpMethod, string, HttpContent?, string)> HostileRequests(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            switch (i % 10)
            {
                case 0:
                    yield return (HttpMethod.Post, "/api/reports", Json(RandomJson(random, 6)), "random JSON");
                    break;
                case 1:
                    var report = Samples.PlainReport(new DateOnly(2015, 10, 1).AddDays(random.Next(60)));
                    Replace(report, random, WrongValue(random));
                    yield return (HttpMethod.Post, "/api/reports", Json(report), "a report with a field of the wrong type");
                    break;
                case 2:
                    var huge = Samples.PlainReport(new DateOnly(2015, 10, 2));
                    var list = new JsonArray();
                    for (var n = random.Next(301, 5000); n > 0; n--)
                        list.Add(new JsonObject { ["nationality"] = "SY", ["count"] = 1 });
                    huge["composition"]!["byNationality"] = list;
                    yield return (HttpMethod.Post, "/api/reports", Json(huge), "a huge array");
                    break;
                case 3:
                    var depth = random.Next(20, 3000);
                    var nested = new StringBuilder().Append('[', depth).Append(']', depth).ToString();
                    yield return (HttpMethod.Post, random.Next(2) == 0 ? "/api/reports" : "/api/measures", Text(nested, "application/json"), $"nesting {depth} deep");
                    break;
                case 4:
                    var big = Samples.PlainReport(new DateOnly(2015, 10, 3));
                    big["notes"] = new string('€', random.Next(100_000, 400_000));
                    yield return (HttpMethod.Post, "/api/reports", Json(big), "oversize");
                    break;
                case 5:
                    var bytes = new byte[random.Next(1, 2000)];
                    random.NextBytes(bytes);
                    yield return (HttpMethod.Post, "/api/reports", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } }, "not JSON");
                    break;
                case 6:
                    var numbers = Samples.PlainReport(new DateOnly(2015, 10, 4));
                    numbers["arrivals"]!["total"] = JsonNode.Parse(new[] { "1e400", "-9223372036854775809", "1.5", "2147483648", "-0.0000001" }[random.Next(5)]);
                    yield return (HttpMethod.Post, "/api/reports", Json(numbers), "a number out of range");
                    break;
                case 7:
                    var measure = new JsonObject
                    {
                        ["type"] = new[] { "dailyCap", "borderClosure", "nationalityRestriction", "teleportation" }[random.Next(4)],
                        ["title"] = RandomString(random, random.Next(0, 300)),
                        ["affectedCrossingPoints"] = new JsonArray(RandomString(random, 12)),
                        ["effectiveFrom"] = RandomJson(random, 1),
                        ["parameters"] = new JsonObject { ["dailyCap"] = random.Next(-10, 1) },
                        ["severity"] = "severe",
                    };
                    yield return random.Next(2) == 0
                        ? (HttpMethod.Post, "/api/measures", Json(measure), "a hostile measure")
                        : (HttpMethod.Put, $"/api/measures/{Guid.NewGuid()}", Json(measure), "an update of a measure that does not exist");
                    break;
                case 8:
                    yield return (HttpMethod.Post, "/api/reports", Text(Samples.PlainReport(new DateOnly(2015, 10, 5)).ToJsonString(), random.Next(2) == 0 ? "text/plain" : "application/xml"), "the wrong content type");
                    break;
                default:
                    yield return (HttpMethod.Post, "/api/reports", Text(new[] { "", "null", "[]", "\"\"", "{}", "{\"reportDate\":null}" }[random.Next(6)], "application/json"), "an empty or null body");
                    break;
            }
        }
    }

    static StringContent Json(JsonNode? node) => Text(node?.ToJsonString() ?? "null", "application/json");

    static StringContent Text(string text, string mediaType) => new StringContent(text, Encoding.UTF8, mediaType);

    static readonly string[] Fields = ["reportDate", "arrivals", "departures", "peoplePresent", "registered", "asylumApplications", "composition", "capacity", "notes", "country", "expectedArrivalsNext24h"];

    // Only required fields: a wrong value in any of them makes the report invalid.
    static readonly string[] Required = ["reportDate", "arrivals", "departures", "peoplePresent", "registered", "asylumApplications", "composition", "capacity"];

    static void Replace(JsonObject report, Random random, JsonNode? value)
    {
        var field = Required[random.Next(Required.Length)];
        if (report[field] is JsonObject inner && inner.Count > 0 && random.Next(2) == 0)
            inner[inner.ElementAt(random.Next(inner.Count)).Key] = value;
        else
            report[field] = value;
    }

    /// <summary>A value no required count or date can take: of another type, negative, fractional, or out of range.</summary>
    static JsonNode? WrongValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(RandomString(random, random.Next(1, 20)) + "x"),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(RandomJson(random, 2)),
        4 => JsonValue.Create(-random.Next(1, int.MaxValue)),
        5 => JsonNode.Parse("1.5"),
        _ => JsonNode.Parse("1e400"),
    };

    static JsonNode? RandomJson(Random random, int depth) => random.Next(depth <= 0 ? 5 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonNode.Parse((random.NextDouble() * Math.Pow(10, random.Next(-30, 40))).ToString("R", CultureInfo.InvariantCulture)),
        4 => JsonValue.Create(RandomString(random, random.Next(0, 50))),
        5 => new JsonArray(Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomJson(random, depth - 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 6)).Select(_ =>
                new KeyValuePair<string, JsonNode?>(random.Next(2) == 0 ? Fields[random.Next(Fields.Length)] : RandomString(random, 8), RandomJson(random, depth - 1)))
            .DistinctBy(p => p.Key)),
    };

    static string RandomString(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ <>\"'\\/{}[]€ŠšĐđČčĆćŽžαβγ🙂\u0000\u001f";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}

/// <summary>One country's system flooding its contact point is slowed down, not served without end.</summary>
[TestFixture]
[Category("Security")]
public sealed class When_one_caller_floods_a_contact_point
{
    [Test]
    public async Task Should_answer_429_beyond_its_rate_while_other_countries_are_served()
    {
        await using var host = await ContactPointHost.StartAsync("HU", b => b.UseSetting("Limits:PerSecond", "1").UseSetting("Limits:Burst", "5"));
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            answers.Add((await host.Http.GetAsync(new Uri("/api/reports", UriKind.Relative))).StatusCode);
        Assert.That(answers, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(answers.Take(5), Has.All.EqualTo(HttpStatusCode.OK), "the burst is served");

        using var commission = host.ClientWith(host.Key.Token("EU", "commission"));
        Assert.That((await commission.GetAsync(new Uri("/api/reports", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "the limit is per participant");
    }
}
