using BalkanHub.DeployGen;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/k8s must parse and hold together without a cluster: every object is named, each Deployment
/// selects its own pods and each Service some Deployment's, every ConfigMap and Secret a pod refers to is
/// in the manifests or one docs/deployment.md tells the operator to create, the aggregator runs twice and the
/// broker three times, and the route ConfigMap is the route file. A rule broken in a copy must be named.
/// </summary>
public sealed class When_the_kubernetes_manifests_are_read
{
    static readonly string Folder = Path.Combine(Deploy, "k8s");
    static readonly string[] Files = [.. Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal)!];
    static readonly List<object?> Documents = [.. Files.SelectMany(f => LoadYaml(Path.Combine(Folder, f)))];
    static readonly string DeploymentGuide = File.ReadAllText(Path.Combine(Root, "docs", "deployment.md"));

    // Made by the operator from files or key material, never committed; docs/deployment.md says how.
    static readonly string[] External = ["rabbitmq-definitions", "balkanhub-aggregator", "balkanhub-trusted-keys", "balkanhub-contact-point-<code>", "balkanhub-tls", "balkanhub-keycloak"];

    static bool IsExternal(string name) =>
        External.Contains(name) || ContactPointCodes.Any(c => name == $"balkanhub-contact-point-{c}");

    static string Kind(object? document) => Text(document, "kind") ?? "";
    static string Name(object? document) => Text(Map(document, "metadata"), "name") ?? "";

    static bool Selects(Dictionary<string, object?> selector, Dictionary<string, object?> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && Equals(value, s.Value));

    /// <summary>Every (kind, name) of a ConfigMap or Secret a document refers to, wherever in it.</summary>
    static IEnumerable<(string Kind, string Name)> References(object? node) => node switch
    {
        Dictionary<string, object?> map => map.SelectMany(e => (e.Key, e.Value) switch
        {
            ("configMap" or "configMapKeyRef", _) when Text(e.Value, "name") is { } name => [("ConfigMap", name)],
            ("secretKeyRef", _) when Text(e.Value, "name") is { } name => [("Secret", name)],
            ("secret", _) when Text(e.Value, "secretName") is { } name => [("Secret", name)],
            // An Ingress's certificates.
            ("tls", List<object?> entries) => entries.Select(t => Text(t, "secretName")).OfType<string>().Select(name => ("Secret", name)),
            _ => References(e.Value),
        }),
        List<object?> list => list.SelectMany(References),
        _ => [],
    };

    static List<string> Problems(List<object?> documents)
    {
        var problems = new List<string>();
        foreach (var document in documents)
        {
            if (Text(document, "apiVersion") is null || Kind(document) == "" || Name(document) == "")
                problems.Add($"a {Kind(document)} without apiVersion, kind or metadata.name");
            if (Kind(document) is not ("Namespace" or "Kustomization") && Text(Map(document, "metadata"), "namespace") != "balkanhub")
                problems.Add($"{Kind(document)} {Name(document)}: not in the balkanhub namespace");
        }
        var deployments = documents.Where(d => Kind(d) == "Deployment").ToList();
        foreach (var deployment in deployments)
        {
            var spec = Map(deployment, "spec");
            if (!Selects(Map(Map(spec, "selector"), "matchLabels"), Map(Map(Map(spec, "template"), "metadata"), "labels")))
                problems.Add($"Deployment {Name(deployment)}: its selector does not match its pods' labels");
            var pod = Map(Map(spec, "template"), "spec");
            var volumes = List(pod, "volumes").Select(v => Text(v, "name")).ToHashSet();
            foreach (var mount in List(pod, "containers").SelectMany(c => List(c, "volumeMounts")).Select(m => Text(m, "name")).Where(m => !volumes.Contains(m)))
                problems.Add($"Deployment {Name(deployment)}: mounts {mount}, which is not a volume");
        }
        foreach (var service in documents.Where(d => Kind(d) == "Service"))
            if (!deployments.Any(d => Selects(Map(Map(service, "spec"), "selector"), Map(Map(Map(Map(d, "spec"), "template"), "metadata"), "labels"))))
                problems.Add($"Service {Name(service)}: selects no Deployment's pods");
        var declared = documents.Select(d => (Kind(d), Name(d))).ToHashSet();
        foreach (var (kind, name) in documents.SelectMany(References).Distinct())
            if (!declared.Contains((kind, name)) && !IsExternal(name))
                problems.Add($"{kind} {name}: referred to, but neither in the manifests nor one docs/deployment.md documents");
        foreach (var name in documents.Where(d => Kind(d) == "PersistentVolumeClaim").Select(Name).ToHashSet().Symmetric(
            deployments.SelectMany(d => List(Map(Map(Map(d, "spec"), "template"), "spec"), "volumes")).Select(v => Text(Map(v, "persistentVolumeClaim"), "claimName")).OfType<string>()))
            problems.Add($"PersistentVolumeClaim {name}: declared or claimed, not both");

        var aggregator = deployments.SingleOrDefault(d => Name(d) == "aggregator");
        if (Text(Map(aggregator, "spec"), "replicas") != "2")
            problems.Add("the aggregator does not run 2 replicas");
        var broker = documents.SingleOrDefault(d => Kind(d) == "RabbitmqCluster");
        if (Text(broker, "apiVersion") != "rabbitmq.com/v1beta1" || Text(Map(broker, "spec"), "replicas") != "3")
            problems.Add("no RabbitmqCluster (rabbitmq.com/v1beta1) of 3 replicas");
        if (!When_the_compose_file_is_read.SupportedRabbitMq(Text(Map(broker, "spec"), "image") ?? ""))
            problems.Add($"the RabbitmqCluster runs {Text(Map(broker, "spec"), "image") ?? "the operator's default image"}, not a supported RabbitMQ 4.x image");
        var countries = deployments.SelectMany(d => List(Map(Map(Map(d, "spec"), "template"), "spec"), "containers"))
            .SelectMany(c => List(c, "env")).Where(e => Text(e, "name") == "ContactPoint__Country").Select(e => Text(e, "value")?.ToLowerInvariant());
        if (!countries.Order(StringComparer.Ordinal).SequenceEqual(ContactPointCodes))
            problems.Add("the contact points are not the route's");
        foreach (var deployment in deployments)
        {
            var labels = Map(Map(Map(Map(deployment, "spec"), "template"), "metadata"), "labels");
            foreach (var container in List(Map(Map(Map(deployment, "spec"), "template"), "spec"), "containers"))
                if (Map(Map(container, "resources"), "requests").Count == 0 || Map(Map(container, "resources"), "limits").Count == 0)
                    problems.Add($"Deployment {Name(deployment)}: {Text(container, "name")} has no resource requests and limits");
            if (Text(labels, "app.kubernetes.io/name") != "contact-point")
                continue;
            foreach (var kind in new[] { "PodDisruptionBudget", "NetworkPolicy" })
            {
                var selector = kind == "NetworkPolicy" ? Map(Map(Map(documents.FirstOrDefault(d => Kind(d) == kind && Selects(Map(Map(Map(d, "spec"), "podSelector"), "matchLabels"), labels)), "spec"), "podSelector"), "matchLabels")
                    : Map(Map(Map(documents.FirstOrDefault(d => Kind(d) == kind && Selects(Map(Map(Map(d, "spec"), "selector"), "matchLabels"), labels)), "spec"), "selector"), "matchLabels");
                if (selector.Count == 0)
                    problems.Add($"Deployment {Name(deployment)}: no {kind} covers its pods");
            }
        }
        var services = documents.Where(d => Kind(d) == "Service").Select(Name).ToHashSet();
        foreach (var ingress in documents.Where(d => Kind(d) == "Ingress"))
            foreach (var backend in List(Map(ingress, "spec"), "rules").SelectMany(r => List(Map(r, "http"), "paths")).Select(p => Text(Map(Map(p, "backend"), "service"), "name")))
                if (backend is null || !services.Contains(backend))
                    problems.Add($"Ingress {Name(ingress)}: routes to {backend ?? "nothing"}, which is no Service");
        foreach (var env in deployments.SelectMany(d => List(Map(Map(Map(d, "spec"), "template"), "spec"), "containers")).SelectMany(c => List(c, "env")))
            if (Text(env, "value") is { } value && CarriesPassword(value))
                problems.Add($"{Text(env, "name")} carries a password; refer to a Secret");
        return problems;
    }

    [Test]
    public void Should_parse_every_manifest_and_break_no_rule()
    {
        Assert.That(Documents, Has.Count.GreaterThan(5));
        Assert.That(Problems(Documents), Is.Empty);
    }

    [Test]
    public void Should_be_what_the_generator_writes_for_the_route()
    {
        // Thirteen contact points are produced from the route (dotnet run --project tools/BalkanHub.DeployGen),
        // not copied by hand: a participant added to the route without regenerating would have no pod.
        var committed = File.ReadAllText(ContactPointManifests.FileOf(Root)).ReplaceLineEndings("\n");
        Assert.That(committed, Is.EqualTo(ContactPointManifests.Generate(Route)),
            "deploy/k8s/contact-points.yaml differs from the route: run dotnet run --project tools/BalkanHub.DeployGen");
    }

    [Test]
    public void Should_apply_every_manifest_through_the_kustomization()
    {
        var kustomization = LoadYaml(Path.Combine(Folder, "kustomization.yaml")).Single();
        Assert.That(List(kustomization, "resources").Cast<string>(), Is.EquivalentTo(Files));
    }

    [Test]
    public void Should_document_every_secret_and_config_map_the_operator_makes()
    {
        Assert.That(External.Where(name => !DeploymentGuide.Contains($"`{name}`", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Should_carry_the_route_and_commitments_exactly_as_the_files_say()
    {
        var data = Map(Documents.Single(d => Kind(d) == "ConfigMap" && Name(d) == "balkanhub-config"), "data");
        Assert.Multiple(() =>
        {
            Assert.That(Text(data, "route.json"), Is.EqualTo(File.ReadAllText(Path.Combine(Deploy, "route.json"))), "deploy/route.json changed: copy it into deploy/k8s/config.yaml");
            Assert.That(Text(data, "commitments.json"), Is.EqualTo(File.ReadAllText(Path.Combine(Deploy, "commitments.json"))), "deploy/commitments.json changed: copy it into deploy/k8s/config.yaml");
        });
    }

    static List<object?> Broken(Action<List<object?>> change)
    {
        var copy = (List<object?>)Copy(Documents)!;
        change(copy);
        return copy;
    }

    static Dictionary<string, object?> Deployment(List<object?> documents, string name) =>
        (Dictionary<string, object?>)documents.Single(d => Kind(d) == "Deployment" && Name(d) == name)!;

    static Dictionary<string, object?> PodSpec(List<object?> documents, string name) => Map(Map(Map(Deployment(documents, name), "spec"), "template"), "spec");

    [Test]
    public void Should_name_each_broken_rule_in_a_broken_copy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Broken(d => Map(Map(Deployment(d, "aggregator"), "spec"), "selector")["matchLabels"] = new Dictionary<string, object?> { ["app.kubernetes.io/name"] = "aggregater" })),
                Does.Contain("Deployment aggregator: its selector does not match its pods' labels"));
            Assert.That(Problems(Broken(d => Map(Map(d.Single(x => Kind(x) == "Service" && Name(x) == "contact-point-gr"), "spec"), "selector")["app.kubernetes.io/instance"] = "contact-point-gb")),
                Does.Contain("Service contact-point-gr: selects no Deployment's pods"));
            Assert.That(Problems(Broken(d => Map(List(PodSpec(d, "aggregator"), "volumes").Cast<Dictionary<string, object?>>().Single(v => Text(v, "name") == "config"), "configMap")["name"] = "balkanhub-configuration")),
                Does.Contain("ConfigMap balkanhub-configuration: referred to, but neither in the manifests nor one docs/deployment.md documents"));
            Assert.That(Problems(Broken(d => Map(Deployment(d, "aggregator"), "spec")["replicas"] = "1")),
                Does.Contain("the aggregator does not run 2 replicas"));
            Assert.That(Problems(Broken(d => Map(Deployment(d, "aggregator"), "metadata").Remove("name"))),
                Does.Contain("a Deployment without apiVersion, kind or metadata.name"));
            Assert.That(Problems(Broken(d => d.Remove(d.Single(x => Kind(x) == "PersistentVolumeClaim" && Name(x) == "contact-point-hu-data")))),
                Does.Contain("PersistentVolumeClaim contact-point-hu-data: declared or claimed, not both"));
            Assert.That(Problems(Broken(d => Map(d.Single(x => Kind(x) == "RabbitmqCluster"), "spec")["replicas"] = "1")),
                Does.Contain("no RabbitmqCluster (rabbitmq.com/v1beta1) of 3 replicas"));
            Assert.That(Problems(Broken(d => Map(d.Single(x => Kind(x) == "RabbitmqCluster"), "spec")["image"] = "rabbitmq:3.13-management")),
                Does.Contain("the RabbitmqCluster runs rabbitmq:3.13-management, not a supported RabbitMQ 4.x image"));
            Assert.That(Problems(Broken(d => d.Remove(d.Single(x => Kind(x) == "PodDisruptionBudget" && Name(x) == "contact-point-rs")))),
                Does.Contain("Deployment contact-point-rs: no PodDisruptionBudget covers its pods"));
            Assert.That(Problems(Broken(d => d.Remove(d.Single(x => Kind(x) == "NetworkPolicy" && Name(x) == "contact-point-mk")))),
                Does.Contain("Deployment contact-point-mk: no NetworkPolicy covers its pods"));
            Assert.That(Problems(Broken(d => List(PodSpec(d, "contact-point-al"), "containers").Cast<Dictionary<string, object?>>().Single().Remove("resources"))),
                Does.Contain("Deployment contact-point-al: contact-point has no resource requests and limits"));
            Assert.That(Problems(Broken(d => Map(Map(List(Map(List(Map(d.Single(x => Kind(x) == "Ingress" && Name(x) == "contact-point-gr"), "spec"), "rules").Single(), "http"), "paths").Single(), "backend"), "service")["name"] = "contact-point-gb")),
                Does.Contain("Ingress contact-point-gr: routes to contact-point-gb, which is no Service"));
        });
    }
}

static class SetExtensions
{
    /// <summary>What is in one of the two but not the other.</summary>
    public static IEnumerable<string> Symmetric(this HashSet<string> first, IEnumerable<string> second)
    {
        var other = second.ToHashSet();
        return first.Except(other).Concat(other.Except(first));
    }
}
