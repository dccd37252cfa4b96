using BalkanHub.Domain.Route;
using BalkanHub.SchemaGen;

namespace BalkanHub.DeployGen;

/// <summary>
/// Writes the deployment files that follow from the route file. Run from anywhere inside the clone:
/// <c>dotnet run --project tools/BalkanHub.DeployGen [-- &lt;repository root&gt;]</c>.
/// </summary>
/// <remarks>Not top-level statements: the tests reference this and a service, and both would be <c>Program</c>.</remarks>
static class DeployGenerator
{
    static async Task Main(string[] args)
    {
        var root = ContractSchemas.FindRepositoryRoot(args.Length > 0 ? args[0] : Directory.GetCurrentDirectory());
        var route = RouteMap.Load(Path.Combine(root, "deploy", "route.json"));

        await WriteAsync(root, BrokerDefinitions.FileOf(root), BrokerDefinitions.Generate(route));
        await WriteAsync(root, ContactPointManifests.FileOf(root), ContactPointManifests.Generate(route));
        await WriteAsync(root, KeycloakRealm.FileOf(root), KeycloakRealm.Generate(route));
        await WriteAsync(root, KeycloakRealm.ConfigMapFileOf(root), KeycloakRealm.GenerateConfigMap(route));
    }

    static async Task WriteAsync(string root, string file, string text)
    {
        var changed = !File.Exists(file) || await File.ReadAllTextAsync(file) != text;
        if (changed)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text);
        }
        Console.WriteLine($"{(changed ? "wrote    " : "unchanged")} {Path.GetRelativePath(root, file)}");
    }
}
