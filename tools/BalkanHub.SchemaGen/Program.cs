using BalkanHub.SchemaGen;

// Writes contracts/schemas/<Type>.schema.json for every message on the bus, and removes schema files
// of types that are no longer on it. Run from anywhere inside the clone:
//   dotnet run --project tools/BalkanHub.SchemaGen
var root = ContractSchemas.FindRepositoryRoot(args.Length > 0 ? args[0] : Directory.GetCurrentDirectory());
var folder = ContractSchemas.Folder(root);
Directory.CreateDirectory(folder);

var written = new HashSet<string>(StringComparer.Ordinal);
foreach (var message in BusMessages.All)
{
    var file = Path.Combine(folder, ContractSchemas.FileName(message.Type));
    var text = ContractSchemas.Serialize(ContractSchemas.Generate(message.Type));
    var changed = !File.Exists(file) || await File.ReadAllTextAsync(file) != text;
    if (changed)
        await File.WriteAllTextAsync(file, text);
    written.Add(file);
    Console.WriteLine($"{(changed ? "wrote    " : "unchanged")} {Path.GetRelativePath(root, file)}");
}
foreach (var stale in Directory.GetFiles(folder, "*.schema.json").Where(f => !written.Contains(f)))
{
    File.Delete(stale);
    Console.WriteLine($"removed   {Path.GetRelativePath(root, stale)}");
}
