using System.Diagnostics;
using System.Text.Json.Nodes;
using BalkanHub.Contracts;
using BalkanHub.SchemaGen;
using YamlDotNet.RepresentationModel;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// contracts/schemas and contracts/asyncapi.yaml describe the bus to integrators who never read this
/// code, so they must say what the records say: a record changed without regenerating its schema, or a
/// message missing from the AsyncAPI document, fails here.
/// </summary>
public sealed class When_the_contracts_are_documented
{
    static readonly string Root = ContractSchemas.FindRepositoryRoot(AppContext.BaseDirectory);
    static readonly string Contracts = Path.Combine(Root, "contracts");
    static readonly string AsyncApiFile = Path.Combine(Contracts, "asyncapi.yaml");

    static JsonNode Committed(Type type)
    {
        var file = Path.Combine(ContractSchemas.Folder(Root), ContractSchemas.FileName(type));
        Assert.That(File.Exists(file), Is.True, $"{file} is missing; run `{ContractSchemas.RegenerateCommand}` from the repository root.");
        return JsonNode.Parse(File.ReadAllText(file))!;
    }

    [Test]
    public void Should_match_every_record_with_its_committed_schema()
    {
        Assert.That(BusMessages.All, Has.Count.GreaterThanOrEqualTo(16), "the list of bus messages is the one the schemas are checked against");
        Assert.Multiple(() =>
        {
            foreach (var message in BusMessages.All)
            {
                var differences = ContractSchemas.Differences(Committed(message.Type), ContractSchemas.Generate(message.Type));
                Assert.That(differences, Is.Empty,
                    $"{message.Name} and contracts/schemas/{ContractSchemas.FileName(message.Type)} differ; run `{ContractSchemas.RegenerateCommand}` from the repository root and commit the result.");
            }
            var files = Directory.GetFiles(ContractSchemas.Folder(Root), "*.schema.json").Select(Path.GetFileName);
            Assert.That(files, Is.EquivalentTo(BusMessages.All.Select(m => ContractSchemas.FileName(m.Type))),
                $"every schema file belongs to a message on the bus; run `{ContractSchemas.RegenerateCommand}` to remove stale ones");
        });
    }

    [Test]
    public void Should_notice_a_property_added_without_regenerating()
    {
        // As if RelayGapReported had gained its signature after the schema was committed: the committed
        // copy lacks the member, the record has it.
        var committed = Committed(typeof(RelayGapReported)).AsObject();
        var stale = committed.DeepClone().AsObject();
        Assert.That(stale["properties"]!.AsObject().Remove("signature"), Is.True, "the committed schema documents the signature");

        var generated = ContractSchemas.Generate(typeof(RelayGapReported));

        Assert.Multiple(() =>
        {
            Assert.That(ContractSchemas.Differences(committed, generated), Is.Empty, "the committed schema itself is current");
            Assert.That(ContractSchemas.Differences(stale, generated),
                Is.EqualTo(new[] { "$.properties.signature: in the record, not in the committed schema" }));
        });
    }

    [Test]
    public void Should_list_every_bus_message_in_the_asyncapi_document()
    {
        var document = LoadYaml(AsyncApiFile);
        Assert.That(Scalar(document, "asyncapi"), Is.EqualTo("3.0.0"));
        var messages = (YamlMappingNode)Child(Child(document, "components"), "messages");
        var addresses = ((YamlMappingNode)Child(document, "channels")).Children.Values
            .Select(c => Scalar((YamlMappingNode)c, "address")).ToHashSet(StringComparer.Ordinal);

        var definitions = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "rabbitmq", "definitions.json")))!;
        var exchanges = definitions["exchanges"]!.AsArray().Select(e => (string)e!["name"]!)
            .Where(n => n.StartsWith("BalkanHub.Contracts:", StringComparison.Ordinal)).ToList();
        Assert.That(exchanges, Is.Not.Empty, "the broker definitions declare the event exchanges");
        var expected = BusMessages.All.Select(m => m.Name)
            .Concat(exchanges.Select(e => e["BalkanHub.Contracts:".Length..]))
            .Append(nameof(RelayItem))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Multiple(() =>
        {
            foreach (var name in expected)
            {
                if (!messages.Children.TryGetValue(new YamlScalarNode(name), out var message))
                {
                    Assert.Fail($"{name} is on the bus but not a message in contracts/asyncapi.yaml (components.messages).");
                    continue;
                }
                var payload = Child(message, "payload");
                // A multi-format schema object holds the reference one level down.
                var reference = ((YamlMappingNode)payload).Children.ContainsKey(new YamlScalarNode("schema")) ? Scalar(Child(payload, "schema"), "$ref") : Scalar(payload, "$ref");
                Assert.That(reference, Is.EqualTo($"./schemas/{name}.schema.json"), $"{name}'s payload refers to its generated schema");
                Assert.That(File.Exists(Path.Combine(Contracts, reference)), Is.True, $"{reference} exists beside asyncapi.yaml");
            }
            foreach (var exchange in exchanges)
                Assert.That(addresses, Does.Contain(exchange), $"the exchange {exchange} is a channel");
            foreach (var queue in new[] { "aggregator", "aggregator_error", "contact-point-{participant}", "contact-point-{participant}_error" })
                Assert.That(addresses, Does.Contain(queue), $"{queue} is a channel");
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Should_parse_the_asyncapi_document_with_the_asyncapi_parser(CancellationToken cancellationToken)
    {
        var checker = Path.Combine(Contracts, "asyncapi-check");
        if (!Directory.Exists(Path.Combine(checker, "node_modules")))
        {
            var (installed, log) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], checker, cancellationToken);
            Assert.That(installed, Is.Zero, $"npm ci in {checker} failed:\n{log}");
        }

        var (exitCode, output) = await RunAsync("node", [Path.Combine(checker, "check.mjs"), AsyncApiFile], Root, cancellationToken);
        TestContext.Out.WriteLine(output);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, $"the AsyncAPI parser refused contracts/asyncapi.yaml:\n{output}");
            Assert.That(output.Split('\n').Where(l => l.StartsWith("error ", StringComparison.Ordinal)), Is.Empty, output);
            Assert.That(output, Does.Contain("valid AsyncAPI 3.0.0"), output);
        });
    }

    static YamlMappingNode LoadYaml(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    static YamlNode Child(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child
            : throw new AssertionException($"contracts/asyncapi.yaml has no '{key}' at {node.Start}.");

    static string Scalar(YamlNode node, string key) => ((YamlScalarNode)Child(node, key)).Value ?? "";

    static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, $"{await stdout}{await stderr}");
    }
}
