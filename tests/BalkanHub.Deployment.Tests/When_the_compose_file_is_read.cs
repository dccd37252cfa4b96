using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/compose/compose.yaml must parse and hold together without Docker: every service has
/// something to run, every dependency, secret and config it names exists, each program gets the settings
/// it refuses to start without, the three broker nodes share one Erlang cookie, and two aggregators and a
/// contact point per participant of the route run. A rule broken in a copy of the file must be named.
/// </summary>
public sealed class When_the_compose_file_is_read
{
    static readonly string ComposeFolder = Path.Combine(Deploy, "compose");
    static readonly Dictionary<string, object?> Compose = (Dictionary<string, object?>)LoadYaml(Path.Combine(ComposeFolder, "compose.yaml")).Single()!;

    // What each program needs set to start in Production, beyond its env file (which carries RabbitMq__Uri,
    // Auth__ClientSecret and, for the aggregator, ConnectionStrings__Aggregator, because those hold secrets).
    static readonly string[] Everyone = ["Route__Path", "Auth__Authority", "Auth__ClientId", "RabbitMq__ClusterNodes__0", "RabbitMq__ClusterNodes__1"];
    static readonly string[] ContactPointNeeds = [.. Everyone, "ContactPoint__Country", "ConnectionStrings__ContactPoint", "Signing__PrivateKeyPath", "Signing__KeyId"];
    static readonly string[] AggregatorNeeds = [.. Everyone, "Database__Provider", "Signing__TrustedKeysPath", "Commitments__Path"];

    static readonly HashSet<string> BrokerUsers = [.. System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Deploy, "rabbitmq", "definitions.json")))!["users"]!
        .AsArray().Select(u => (string)u!["name"]!)];

    static string Dockerfile(object? service) => Text(Map(service, "build"), "dockerfile") ?? "";

    static IEnumerable<string> Names(List<object?> references) =>
        references.Select(r => r as string ?? Text(r, "source") ?? "");

    /// <summary>Every rule, applied to a compose file read as plain data.</summary>
    static List<string> Problems(Dictionary<string, object?> compose)
    {
        var problems = new List<string>();
        var services = Map(compose, "services");
        var secrets = Map(compose, "secrets");
        var configs = Map(compose, "configs");
        foreach (var (name, service) in services)
        {
            if (Text(service, "image") is null && Text(Map(service, "build"), "dockerfile") is null)
                problems.Add($"{name}: neither image nor build");
            if (Dockerfile(service) is { Length: > 0 } dockerfile && !File.Exists(Path.Combine(ComposeFolder, Text(Map(service, "build"), "context") ?? ".", dockerfile)))
                problems.Add($"{name}: no Dockerfile {dockerfile}");
            var dependsOn = Map(service, "depends_on").Keys.Concat(List(service, "depends_on").OfType<string>());
            foreach (var target in dependsOn.Where(t => !services.ContainsKey(t)))
                problems.Add($"{name}: depends on {target}, which is not a service");
            foreach (var secret in Names(List(service, "secrets")).Where(s => !secrets.ContainsKey(s)))
                problems.Add($"{name}: secret {secret} is not declared");
            foreach (var config in Names(List(service, "configs")).Where(c => !configs.ContainsKey(c)))
                problems.Add($"{name}: config {config} is not declared");
            foreach (var (key, value) in Map(service, "environment"))
                if (value is string text && CarriesPassword(text))
                    problems.Add($"{name}: {key} carries a password; put it in the service's env file");

            var needs = Dockerfile(service).EndsWith("contact-point.Dockerfile", StringComparison.Ordinal) ? ContactPointNeeds
                : Dockerfile(service).EndsWith("aggregator.Dockerfile", StringComparison.Ordinal) ? AggregatorNeeds
                : null;
            if (needs is null)
                continue;
            var environment = Map(service, "environment");
            foreach (var key in needs.Where(k => environment.GetValueOrDefault(k) is not string { Length: > 0 }))
                problems.Add($"{name}: {key} is not set");
            // make-secrets.sh writes an env file per broker user of the definitions; both aggregators are one user.
            var user = needs == AggregatorNeeds ? "aggregator" : name;
            if (!List(service, "env_file").Contains($"secrets/{user}.env"))
                problems.Add($"{name}: no env file secrets/{user}.env for its broker URI");
            if (!BrokerUsers.Contains(user))
                problems.Add($"{name}: {user} is not a broker user of deploy/rabbitmq/definitions.json");
        }
        foreach (var (name, secret) in secrets)
            if (Text(secret, "file") is not { } file || !file.StartsWith("secrets/", StringComparison.Ordinal))
                problems.Add($"secret {name}: not a file under the git-ignored secrets/");
        foreach (var (name, config) in configs)
            if (Text(config, "file") is not { } file || !File.Exists(Path.Combine(ComposeFolder, file)))
                problems.Add($"config {name}: no file {Text(config, "file")}");

        var aggregators = services.Where(s => Dockerfile(s.Value).EndsWith("aggregator.Dockerfile", StringComparison.Ordinal)).ToList();
        if (aggregators.Count != 2)
            problems.Add($"{aggregators.Count} aggregators, not 2");
        if (aggregators.Any(a => Text(Map(a.Value, "environment"), "Database__Provider") != "Postgres"))
            problems.Add("an aggregator is not on PostgreSQL, which two of them need to share");
        var countries = services.Values.Where(s => Dockerfile(s).EndsWith("contact-point.Dockerfile", StringComparison.Ordinal))
            .Select(s => Text(Map(s, "environment"), "ContactPoint__Country")?.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        if (!countries.SequenceEqual(ContactPointCodes))
            problems.Add($"contact points for {string.Join(",", countries)}, not for the route's {string.Join(",", ContactPointCodes)}");

        foreach (var (name, service) in services.Where(s => (Text(s.Value, "image") ?? "").StartsWith("rabbitmq:", StringComparison.Ordinal)))
            if (!SupportedRabbitMq(Text(service, "image")!))
                problems.Add($"{name}: {Text(service, "image")} is not a supported RabbitMQ 4.x image");
        var nodes = services.Where(s => (Text(s.Value, "image") ?? "").StartsWith("rabbitmq:", StringComparison.Ordinal) && Text(s.Value, "hostname") is not null).ToList();
        if (nodes.Count != 3)
            problems.Add($"{nodes.Count} RabbitMQ nodes, not 3");
        foreach (var (name, node) in nodes.Where(n => !Names(List(n.Value, "secrets")).Contains("erlang-cookie")))
            problems.Add($"{name}: does not get the shared erlang-cookie secret");
        var conf = File.ReadAllText(Path.Combine(Deploy, "rabbitmq", "rabbitmq.conf"));
        foreach (var (name, node) in nodes.Where(n => !conf.Contains($"= rabbit@{Text(n.Value, "hostname")}\n", StringComparison.Ordinal)))
            problems.Add($"{name}: rabbitmq.conf does not list rabbit@{Text(node, "hostname")} as a peer");
        return problems;
    }

    /// <summary>
    /// A RabbitMQ image of the 4.1 or 4.2 line with the management plugin: 3.x is out of support, and 4.3 refuses
    /// non-durable non-exclusive queues unless told otherwise, which nobody has tried with the hub yet.
    /// </summary>
    public static bool SupportedRabbitMq(string image) =>
        System.Text.RegularExpressions.Regex.IsMatch(image, @"^rabbitmq:4\.[12](\.\d+)?-management$");

    static Dictionary<string, object?> Broken(Action<Dictionary<string, object?>> change)
    {
        var copy = (Dictionary<string, object?>)Copy(Compose)!;
        change(Map(copy, "services"));
        return copy;
    }

    [Test]
    public void Should_break_no_rule()
    {
        Assert.That(Problems(Compose), Is.Empty);
    }

    [Test]
    public void Should_run_two_aggregators_and_a_contact_point_per_participant_on_three_broker_nodes()
    {
        var services = Map(Compose, "services");
        Assert.Multiple(() =>
        {
            Assert.That(services.Keys.Where(k => k.StartsWith("aggregator-", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "aggregator-1", "aggregator-2" }));
            Assert.That(services.Keys.Where(k => k.StartsWith("contact-point-", StringComparison.Ordinal)),
                Is.EquivalentTo(ContactPointCodes.Select(c => $"contact-point-{c}")));
            Assert.That(services.Keys, Does.Contain("postgres").And.Contain("redis").And.Contain("rabbitmq-1").And.Contain("rabbitmq-2").And.Contain("rabbitmq-3"));
        });
    }

    [Test]
    public void Should_name_each_broken_rule_in_a_broken_copy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Broken(s => Map(s["contact-point-gr"], "environment").Remove("ContactPoint__Country"))),
                Does.Contain("contact-point-gr: ContactPoint__Country is not set"));
            Assert.That(Problems(Broken(s => Map(s["aggregator-1"], "environment").Remove("Signing__TrustedKeysPath"))),
                Does.Contain("aggregator-1: Signing__TrustedKeysPath is not set"));
            Assert.That(Problems(Broken(s => Map(s["aggregator-1"], "depends_on")["rabbitmq-4"] = null)),
                Does.Contain("aggregator-1: depends on rabbitmq-4, which is not a service"));
            Assert.That(Problems(Broken(s => { ((Dictionary<string, object?>)s["redis"]!).Remove("image"); })),
                Does.Contain("redis: neither image nor build"));
            Assert.That(Problems(Broken(s => List(s["rabbitmq-2"], "secrets").Clear())),
                Does.Contain("rabbitmq-2: does not get the shared erlang-cookie secret"));
            Assert.That(Problems(Broken(s => s.Remove("aggregator-2"))), Does.Contain("1 aggregators, not 2"));
            Assert.That(Problems(Broken(s => s.Remove("contact-point-si"))).Any(p => p.StartsWith("contact points for", StringComparison.Ordinal)), Is.True);
            Assert.That(Problems(Broken(s => Map(s["contact-point-mk"], "environment")["RabbitMq__Uri"] = "amqp://contact-point-mk:hunter2@rabbitmq-1:5672/")),
                Does.Contain("contact-point-mk: RabbitMq__Uri carries a password; put it in the service's env file"));
            Assert.That(Problems(Broken(s => List(s["contact-point-al"], "env_file").Clear())),
                Does.Contain("contact-point-al: no env file secrets/contact-point-al.env for its broker URI"));
            Assert.That(Problems(Broken(s => s["contact-point-xx"] = Copy(s["contact-point-al"]))),
                Does.Contain("contact-point-xx: contact-point-xx is not a broker user of deploy/rabbitmq/definitions.json"));
            Assert.That(Problems(Broken(s => Map(s["contact-point-hr"], "environment").Remove("Auth__ClientId"))),
                Does.Contain("contact-point-hr: Auth__ClientId is not set"));
            Assert.That(Problems(Broken(s => ((Dictionary<string, object?>)s["rabbitmq-3"]!)["image"] = "rabbitmq:3.13-management")),
                Does.Contain("rabbitmq-3: rabbitmq:3.13-management is not a supported RabbitMQ 4.x image"));
        });
    }

    [Test]
    public void Should_keep_the_secrets_folder_out_of_git()
    {
        var ignored = DeploymentFiles.Run("git", "-C", Root, "check-ignore", "-q", "deploy/compose/secrets/erlang-cookie");
        Assert.That(ignored.ExitCode, Is.Zero, $"deploy/compose/secrets/ must be git-ignored: {ignored.Output}");
    }
}
