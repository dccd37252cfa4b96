using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.SchemaGen;
using BalkanHub.Messaging.Messaging;

namespace BalkanHub.DeployGen;

/// <summary>
/// The broker's definitions (users, permissions, queues, exchanges, bindings, the queue policy) for a
/// route: one user per contact point, allowed to read only its own queues and to write only the events
/// contact points originate, and the queues declared exactly as the services declare them.
/// </summary>
public static class BrokerDefinitions
{
    static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Default) { WriteIndented = true };

    /// <summary>Where the definitions live in the repository.</summary>
    public static string FileOf(string root) => Path.Combine(root, "deploy", "rabbitmq", "definitions.json");

    /// <summary>The definitions as the committed file holds them: indented JSON with a final newline.</summary>
    public static string Generate(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var events = BusMessages.All.Where(m => m.Route == BusRoute.Event).Select(m => m.Exchange!).ToList();
        var contactPoints = route.ContactPoints.Select(p => p.Code).ToList();
        var queues = contactPoints.Select(HubTopology.ContactPointQueue).Prepend(HubTopology.AggregatorQueue).ToList();

        var definitions = new JsonObject
        {
            // The format's version, not the node's: the node scripts load this into RabbitMQ 3.10 and later.
            ["rabbit_version"] = "3.10.8",
            ["rabbitmq_version"] = "3.10.8",
            // Passwords are set when the definitions are loaded (deploy/scripts), never committed.
            ["users"] = Array(contactPoints.Select(c => User(HubTopology.ContactPointUser(c), []))
                .Prepend(User("aggregator", []))),
            ["vhosts"] = new JsonArray(new JsonObject { ["name"] = "/" }),
            ["permissions"] = Array(contactPoints.Select(c => ContactPointPermissions(c, events))
                .Prepend(Permission("aggregator", ".*", ".*", ".*"))),
            ["topic_permissions"] = new JsonArray(),
            ["parameters"] = new JsonArray(),
            ["global_parameters"] = new JsonArray(),
            ["policies"] = new JsonArray(QueuePolicy()),
            ["queues"] = Array(queues.SelectMany(q => new[] { q, HubTopology.ErrorQueue(q) }).Select(Queue)),
            ["exchanges"] = Array(events.Concat(queues.SelectMany(q => new[] { q, HubTopology.ErrorQueue(q) })).Select(Exchange)),
            // Each queue's exchange bound to it, as MassTransit binds a receive endpoint, and every event
            // contact points publish bound to the aggregator's exchange.
            ["bindings"] = Array(queues.SelectMany(q => new[] { q, HubTopology.ErrorQueue(q) }).Select(q => Binding(q, q, "queue"))
                .Concat(events.Select(e => Binding(e, HubTopology.AggregatorQueue, "exchange")))),
        };
        return definitions.ToJsonString(Indented) + "\n";
    }

    static JsonArray Array(IEnumerable<JsonNode> nodes) => new([.. nodes]);

    static JsonObject User(string name, string[] tags) => new()
    {
        ["name"] = name,
        ["password_hash"] = "",
        ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
        ["tags"] = Array(tags.Select(t => (JsonNode)JsonValue.Create(t))),
    };

    static JsonObject Permission(string user, string configure, string write, string read) => new()
    {
        ["user"] = user,
        ["vhost"] = "/",
        ["configure"] = configure,
        ["write"] = write,
        ["read"] = read,
    };

    // A contact point declares and reads its own queue and error queue (and MassTransit's _skipped), and
    // declares and writes the exchanges of the events it originates; nothing of the aggregator's or another's.
    static JsonObject ContactPointPermissions(string code, IReadOnlyList<string> events)
    {
        var own = $"{HubTopology.ContactPointQueue(code)}(_error|_skipped)?";
        var originated = $"BalkanHub\\.Contracts:({string.Join('|', events.Select(e => e[(e.IndexOf(':', StringComparison.Ordinal) + 1)..]))})";
        return Permission(HubTopology.ContactPointUser(code), $"^({own}|{originated})$", $"^({own}|{originated})$", $"^({own})$");
    }

    // Applies the delivery limit to queues declared without it (the broker takes the lower of the two), refuses
    // publishes when a queue is full rather than dropping its oldest, and dead-letters at least once.
    static JsonObject QueuePolicy() => new()
    {
        ["vhost"] = "/",
        ["name"] = "balkanhub-hub-queues",
        ["pattern"] = $"^({HubTopology.AggregatorQueue}|{HubTopology.ContactPointQueue("x")[..^1]}[a-z]+)$",
        ["apply-to"] = "queues",
        ["priority"] = 10,
        ["definition"] = new JsonObject
        {
            ["delivery-limit"] = HubTopology.DeliveryLimit,
            ["overflow"] = "reject-publish",
            ["dead-letter-strategy"] = "at-least-once",
        },
    };

    static JsonObject Queue(string name)
    {
        var arguments = new JsonObject();
        foreach (var (key, value) in HubTopology.QueueArguments(name.EndsWith("_error", StringComparison.Ordinal) ? name[..^"_error".Length] : name))
            arguments[key] = JsonValue.Create(value);
        return new() { ["name"] = name, ["vhost"] = "/", ["durable"] = true, ["auto_delete"] = false, ["arguments"] = arguments };
    }

    static JsonObject Exchange(string name) => new()
    {
        ["name"] = name,
        ["vhost"] = "/",
        ["type"] = "fanout",
        ["durable"] = true,
        ["auto_delete"] = false,
        ["internal"] = false,
        ["arguments"] = new JsonObject(),
    };

    static JsonObject Binding(string source, string destination, string destinationType) => new()
    {
        ["source"] = source,
        ["vhost"] = "/",
        ["destination"] = destination,
        ["destination_type"] = destinationType,
        ["routing_key"] = "",
        ["arguments"] = new JsonObject(),
    };
}
