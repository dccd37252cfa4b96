using System.CommandLine;

namespace BalkanHub.Cli;

/// <summary><c>balkanhub token COUNTRY ROLE</c>: a development token, as <c>./run.sh token</c> prints it.</summary>
internal static class TokenCommand
{
    static readonly string[] Roles = ["officer", "viewer", "commission", "agency", "operator"];

    /// <summary>Builds <c>token</c>.</summary>
    public static Command Build()
    {
        var country = new Argument<string>("COUNTRY") { Description = "The participant: a country code such as GR, or EU for the Commission." };
        var role = new Argument<string>("ROLE") { Description = "officer, viewer, commission, agency or operator." };
        role.AcceptOnlyFromAmong(Roles);
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "The network's development key (default: .run/development.key, which ./run.sh writes).",
        };
        var command = new Command("token", "Prints a development token (HS256, eight hours) signed with the network's development key; development services accept it.");
        command.Arguments.Add(country);
        command.Arguments.Add(role);
        command.Options.Add(keyFile);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(keyFile) ?? Connection.DefaultKeyFile;
            if (!File.Exists(path))
                return await CliApp.FailAsync($"no development key at {path}: start a network with ./run.sh --detach, or pass --key-file.");
            var key = await File.ReadAllTextAsync(path, cancellationToken);
            await Console.Out.WriteLineAsync(Connection.Mint(key, parseResult.GetValue(country)!.Trim().ToUpperInvariant(), parseResult.GetValue(role)!));
            return 0;
        });
        return command;
    }
}
