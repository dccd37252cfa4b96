using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BalkanHub.DeployGen;
using BalkanHub.Domain.Route;
using BalkanHub.Messaging.Messaging;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/rabbitmq/definitions.json must match the route and the queues the services declare: a queue
/// declared twice with other arguments is refused by the broker, and a permission too wide lets one
/// country read or write another's queue.
/// </summary>
public sealed class When_the_broker_definitions_are_read
{
    static readonly JsonObject Definitions = JsonNode.Parse(File.ReadAllText(Path.Combine(Deploy, "rabbitmq", "definitions.json")))!.AsObject();
    static readonly string[] Published =
    [
        "DailyReportSubmitted", "MeasureAnnounced", "MeasureUpdated", "MeasureTookEffect", "MeasureCancelled", "MeasureLifted", "RelayAcknowledged", "ActionAudited",
        "NeedsAnalysisOpened", "NeedsAnalysisClosed", "AssistanceRequested", "AssistanceRequestWithdrawn", "AssistanceOffered", "OfferStatusChanged", "RelayGapReported",
    ];

    static JsonObject Permissions(string user) =>
        Definitions["permissions"]!.AsArray().Single(p => (string?)p!["user"] == user)!.AsObject();

    [Test]
    public void Should_give_every_contact_point_of_the_route_a_user_of_its_own_and_no_other_users()
    {
        var users = Definitions["users"]!.AsArray().Select(u => (string)u!["name"]!);
        Assert.That(users, Is.EquivalentTo(Route.ContactPoints.Select(p => HubTopology.ContactPointUser(p.Code)).Append("aggregator")));
        Assert.That(Definitions["users"]!.AsArray().SelectMany(u => u!["tags"]!.AsArray()), Is.Empty,
            "no user may impersonate another, the aggregator included: a replay names its sender in a header");
    }

    [Test]
    public void Should_let_a_country_read_only_its_own_queue_and_write_only_what_it_originates()
    {
        foreach (var participant in Route.ContactPoints)
        {
            var own = HubTopology.ContactPointQueue(participant.Code);
            var permissions = Permissions(HubTopology.ContactPointUser(participant.Code));
            var read = new Regex((string)permissions["read"]!);
            var write = new Regex((string)permissions["write"]!);
            Assert.Multiple(() =>
            {
                Assert.That(read.IsMatch(own) && read.IsMatch(HubTopology.ErrorQueue(own)), Is.True, $"{own} reads its queue");
                Assert.That(Published.All(t => write.IsMatch($"BalkanHub.Contracts:{t}")), Is.True, $"{own} publishes what it originates");
                foreach (var other in Route.ContactPoints.Where(p => p.Code != participant.Code).Select(p => HubTopology.ContactPointQueue(p.Code)))
                {
                    Assert.That(read.IsMatch(other) || write.IsMatch(other), Is.False, $"{own} must not touch {other}");
                    Assert.That(write.IsMatch(HubTopology.ErrorQueue(other)), Is.False);
                }
                Assert.That(read.IsMatch("aggregator") || write.IsMatch("aggregator") || write.IsMatch("amq.default"), Is.False,
                    $"{own} must not bypass the aggregator");
            });
        }
    }

    [Test]
    public void Should_declare_each_queue_with_the_arguments_the_services_declare()
    {
        var queues = Definitions["queues"]!.AsArray().ToDictionary(q => (string)q!["name"]!, q => q!["arguments"]!.AsObject());
        var expected = Route.ContactPoints.Select(p => HubTopology.ContactPointQueue(p.Code)).Append(HubTopology.AggregatorQueue);
        foreach (var queue in expected)
        {
            foreach (var name in new[] { queue, HubTopology.ErrorQueue(queue) })
            {
                Assert.That(queues, Contains.Key(name));
                var declared = HubTopology.QueueArguments(queue).ToDictionary(a => a.Key, a => a.Value?.ToString());
                Assert.That(queues[name].ToDictionary(a => a.Key, a => a.Value?.ToString()), Is.EquivalentTo(declared), name);
            }
        }
    }

    [Test]
    public void Should_be_what_the_generator_writes_for_the_route()
    {
        // The file is produced from the route (dotnet run --project tools/BalkanHub.DeployGen), not edited by hand:
        // a participant added to the route without regenerating would have no broker user.
        var committed = File.ReadAllText(BrokerDefinitions.FileOf(Root)).ReplaceLineEndings("\n");
        Assert.That(committed, Is.EqualTo(BrokerDefinitions.Generate(Route)),
            "deploy/rabbitmq/definitions.json differs from the route: run dotnet run --project tools/BalkanHub.DeployGen");
    }

    [Test]
    public void Should_give_a_second_route_its_own_users_without_a_code_change()
    {
        var mediterranean = RouteMap.Parse("""
            {
              "name": "Central Mediterranean (made up for the test)", "firstReportingDay": "2014-06-01",
              "participants": [
                { "code": "IT", "name": "Italy", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "MT", "name": "Malta", "role": "country", "timeZone": "Europe/Malta" },
                { "code": "EU", "name": "European Commission", "role": "commission", "timeZone": "Europe/Brussels" }
              ],
              "borders": [], "corridor": [ "IT" ], "crossingPoints": []
            }
            """, "med.json");
        var generated = JsonNode.Parse(BrokerDefinitions.Generate(mediterranean))!;
        Assert.That(generated["users"]!.AsArray().Select(u => (string)u!["name"]!),
            Is.EqualTo(new[] { "aggregator", "contact-point-it", "contact-point-mt" }));
        Assert.That(generated["queues"]!.AsArray().Select(q => (string)q!["name"]!), Does.Contain("contact-point-mt_error"));
    }
}
