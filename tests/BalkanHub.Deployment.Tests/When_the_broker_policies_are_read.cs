using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// The policies in deploy/rabbitmq/definitions.json. A policy cannot make a queue quorum (the type is
/// fixed when the queue is declared, with the arguments the definitions and the services give it); what
/// the hub's policy adds is at-least-once dead-lettering, so a message past its delivery limit stays in
/// its queue until the error queue has confirmed it. RabbitMQ 3.10 takes apply-to "queues" only
/// ("quorum_queues" came in 3.12 and stops a 3.10 node at boot), so the pattern alone must keep the
/// policy to the hub's quorum queues, and off the error queues, which dead-letter into themselves.
/// </summary>
public sealed class When_the_broker_policies_are_read
{
    static readonly JsonObject Definitions = JsonNode.Parse(File.ReadAllText(Path.Combine(Deploy, "rabbitmq", "definitions.json")))!.AsObject();

    static List<string> Problems(JsonObject definitions)
    {
        var problems = new List<string>();
        var queues = definitions["queues"]!.AsArray().ToDictionary(q => (string)q!["name"]!, q => q!["arguments"]!.AsObject());
        var policies = definitions["policies"]!.AsArray().Select(p => p!.AsObject()).ToList();
        foreach (var policy in policies)
        {
            var name = (string)policy["name"]!;
            if ((string?)policy["apply-to"] is not ("queues" or "all" or "exchanges"))
                problems.Add($"{name}: apply-to {(string?)policy["apply-to"]} is unknown to RabbitMQ 3.10");
            var definition = policy["definition"]!.AsObject();
            if ((string?)definition["dead-letter-strategy"] == "at-least-once" && (string?)definition["overflow"] != "reject-publish")
                problems.Add($"{name}: at-least-once dead-lettering needs overflow reject-publish, or RabbitMQ falls back to at-most-once");
            var pattern = new Regex((string)policy["pattern"]!);
            foreach (var (queue, arguments) in queues.Where(q => pattern.IsMatch(q.Key)))
            {
                if ((string?)arguments["x-queue-type"] != "quorum")
                    problems.Add($"{name}: matches {queue}, which is not a quorum queue");
                if (queue.EndsWith("_error", StringComparison.Ordinal))
                    problems.Add($"{name}: matches the error queue {queue}");
                if (definition["delivery-limit"] is { } limit && (int)limit != (int)arguments["x-delivery-limit"]!)
                    problems.Add($"{name}: delivery-limit {limit} differs from {queue}'s {arguments["x-delivery-limit"]}");
            }
        }
        var hubQueues = new[] { "aggregator" }.Concat(ContactPointCodes.Select(c => $"contact-point-{c}"));
        foreach (var queue in hubQueues.Where(q => !policies.Any(p => new Regex((string)p["pattern"]!).IsMatch(q) && (string?)p["definition"]!["dead-letter-strategy"] == "at-least-once")))
            problems.Add($"{queue}: no policy dead-letters it at least once");
        return problems;
    }

    [Test]
    public void Should_dead_letter_every_hub_queue_at_least_once_and_break_no_rule()
    {
        Assert.That(Problems(Definitions), Is.Empty);
    }

    [Test]
    public void Should_name_each_broken_rule_in_a_broken_copy()
    {
        JsonObject Broken(Action<JsonObject> change)
        {
            var copy = Definitions.DeepClone().AsObject();
            change(copy["policies"]![0]!.AsObject());
            return copy;
        }
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Broken(p => p["apply-to"] = "quorum_queues")), Does.Contain("balkanhub-hub-queues: apply-to quorum_queues is unknown to RabbitMQ 3.10"));
            Assert.That(Problems(Broken(p => p["definition"]!.AsObject().Remove("overflow"))).Any(m => m.Contains("needs overflow reject-publish", StringComparison.Ordinal)), Is.True);
            Assert.That(Problems(Broken(p => p["pattern"] = "^(aggregator|contact-point-[a-z]+)")), Does.Contain("balkanhub-hub-queues: matches the error queue aggregator_error"));
            Assert.That(Problems(Broken(p => p["pattern"] = "^aggregator$")), Does.Contain("contact-point-gr: no policy dead-letters it at least once"));
            Assert.That(Problems(Broken(p => p["definition"]!["delivery-limit"] = 20)), Does.Contain("balkanhub-hub-queues: delivery-limit 20 differs from aggregator's 10"));
        });
    }
}
