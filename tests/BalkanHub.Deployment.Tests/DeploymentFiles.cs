using System.Diagnostics;
using System.Text.RegularExpressions;
using BalkanHub.Domain.Route;
using BalkanHub.SchemaGen;
using YamlDotNet.RepresentationModel;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// Reads the files under deploy/ as plain data (mappings, lists, strings) and checks them against the
/// rules a cluster or Docker would apply, without either: no Docker engine or Kubernetes runs here. Each
/// check returns the problems it found, so a test can break a copy of a file and see the problem named.
/// </summary>
static class DeploymentFiles
{
    public static readonly string Root = ContractSchemas.FindRepositoryRoot(AppContext.BaseDirectory);
    public static readonly string Deploy = Path.Combine(Root, "deploy");
    public static readonly RouteMap Route = RouteMap.Load(Path.Combine(Deploy, "route.json"));

    /// <summary>The participants that run a contact point, lower case, as service and user names spell them.</summary>
    public static IReadOnlyList<string> ContactPointCodes => [.. Route.ContactPoints.Select(p => p.Code.ToLowerInvariant()).Order(StringComparer.Ordinal)];

    /// <summary>Every document of a YAML file, with merge keys (&lt;&lt;) resolved as Compose resolves them.</summary>
    public static List<object?> LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
            stream.Load(reader);
        return [.. stream.Documents.Select(d => Plain(d.RootNode)).Where(d => d is not null)];
    }

    // Merge keys by hand: YamlDotNet's MergingParser leaves a key both merged and written out twice in
    // one mapping, which the representation model refuses. Keys written out win over merged ones.
    static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value is null or "~" or "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => Mapping(mapping),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
    };

    static Dictionary<string, object?> Mapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value == "<<"))
        {
            var merged = value is YamlSequenceNode list ? list.Children : [value];
            foreach (var source in merged)
                foreach (var (k, v) in Mapping((YamlMappingNode)source))
                    result.TryAdd(k, v);
        }
        foreach (var (key, value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
            result[((YamlScalarNode)key).Value!] = Plain(value);
        return result;
    }

    public static Dictionary<string, object?> Map(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) && value is Dictionary<string, object?> child ? child : [];

    public static List<object?> List(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) && value is List<object?> child ? child : [];

    public static string? Text(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>A deep copy, for a test to break without touching the loaded original.</summary>
    public static object? Copy(object? node) => node switch
    {
        Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Copy(e.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Copy).ToList(),
        _ => node,
    };

    /// <summary>Runs a program to its end and returns its exit code and everything it wrote.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} took over two minutes");
        }
        return (process.ExitCode, (output.Result + error.Result).Trim());
    }

    /// <summary>A password written into a value, as in amqp://user:secret@host or Password=secret.</summary>
    public static bool CarriesPassword(string value) =>
        Regex.IsMatch(value, @"://[^/@\s]*:[^/@\s]+@") || value.Contains("Password=", StringComparison.OrdinalIgnoreCase);
}
