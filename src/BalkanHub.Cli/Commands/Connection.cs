using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary>Which service a command talks to: a country's contact point or the Commission's aggregator.</summary>
internal enum ServiceKind
{
    /// <summary>A country's contact point; development tokens are minted for its officer.</summary>
    ContactPoint,

    /// <summary>The aggregator; development tokens are minted for the Commission (EU).</summary>
    Aggregator,
}

/// <summary>
/// The connection options every command shares, and how they default so that a developer with a network
/// started by <c>./run.sh</c> needs none of them: the address comes from <c>.run/network.json</c>, the
/// token is minted with <c>.run/development.key</c>. In production both are given, by option or by the
/// <c>BALKANHUB_URL</c> and <c>BALKANHUB_TOKEN</c> environment variables.
/// </summary>
internal sealed class Connection
{
    readonly ServiceKind _kind;
    readonly Option<string?> _url;
    readonly Option<string?> _token;
    readonly Option<string?>? _country;
    readonly Option<string?> _keyFile;

    Connection(ServiceKind kind, bool countryOption)
    {
        _kind = kind;
        _url = new Option<string?>("--url")
        {
            Description = kind == ServiceKind.ContactPoint
                ? "The contact point's address (default: $BALKANHUB_URL, else the --country's entry of .run/network.json)."
                : "The aggregator's address (default: $BALKANHUB_URL, else .run/network.json).",
        };
        _token = new Option<string?>("--token")
        {
            Description = "The bearer token (default: $BALKANHUB_TOKEN, else a development token minted with the key file).",
        };
        if (countryOption)
        {
            _country = new Option<string?>("--country")
            {
                Description = "The country whose contact point to use from .run/network.json, and whose officer a development token is for.",
            };
        }
        _keyFile = new Option<string?>("--key-file")
        {
            Description = "The development key to mint a token with when none is given (default: .run/development.key).",
        };
    }

    /// <summary>The options of a contact-point command: <c>--url</c>, <c>--token</c>, <c>--country</c>, <c>--key-file</c>.</summary>
    public static Connection ForContactPoint() => new(ServiceKind.ContactPoint, countryOption: true);

    /// <summary>The options of an aggregator command: <c>--url</c>, <c>--token</c>, <c>--key-file</c>.</summary>
    public static Connection ForAggregator() => new(ServiceKind.Aggregator, countryOption: false);

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_token);
        if (_country is not null)
            command.Options.Add(_country);
        command.Options.Add(_keyFile);
    }

    /// <summary>Where runtime files are: <c>$BALKANHUB_RUN_DIR</c> as for <c>./run.sh</c>, else <c>.run</c>.</summary>
    public static string RunDirectory => Environment.GetEnvironmentVariable("BALKANHUB_RUN_DIR") is { Length: > 0 } dir ? dir : ".run";

    /// <summary>The default <c>network.json</c>.</summary>
    public static string DefaultNetworkFile => Path.Combine(RunDirectory, "network.json");

    /// <summary>The default development key file.</summary>
    public static string DefaultKeyFile => Path.Combine(RunDirectory, "development.key");

    /// <summary>A client for the service the parsed options point at.</summary>
    public BalkanHubClient CreateClient(ParseResult parseResult)
    {
        var (url, country) = ResolveUrl(parseResult);
        var token = ResolveToken(parseResult, country);
        return BalkanHubClient.Create(url, token);
    }

    (Uri Url, string? Country) ResolveUrl(ParseResult parseResult)
    {
        var country = _country is null ? null : parseResult.GetValue(_country)?.Trim().ToUpperInvariant();
        var given = parseResult.GetValue(_url) ?? Environment.GetEnvironmentVariable("BALKANHUB_URL");
        if (!string.IsNullOrWhiteSpace(given))
        {
            var url = ParseUrl(given, "--url");
            // A development network's address tells which country it is, so a token can be minted for it.
            country ??= _kind == ServiceKind.ContactPoint && File.Exists(DefaultNetworkFile) ? NetworkFile.Read(DefaultNetworkFile).CountryAt(url) : null;
            return (url, country);
        }
        if (!File.Exists(DefaultNetworkFile))
            throw new UsageException($"no address: pass --url, set BALKANHUB_URL, or start a network with ./run.sh (which writes {DefaultNetworkFile}).");
        var network = NetworkFile.Read(DefaultNetworkFile);
        if (_kind == ServiceKind.Aggregator)
            return (network.Aggregator, null);
        if (country is null)
            throw new UsageException($"which contact point? Pass --country (one of {string.Join(", ", network.ContactPoints.Keys)}) or --url.");
        if (!network.ContactPoints.TryGetValue(country, out var contactPoint))
            throw new UsageException($"{DefaultNetworkFile} has no contact point for '{country}' (it has {string.Join(", ", network.ContactPoints.Keys)}).");
        return (contactPoint, country);
    }

    string? ResolveToken(ParseResult parseResult, string? country)
    {
        var given = parseResult.GetValue(_token) ?? Environment.GetEnvironmentVariable("BALKANHUB_TOKEN");
        if (!string.IsNullOrWhiteSpace(given))
            return given.Trim();
        var keyFile = parseResult.GetValue(_keyFile);
        if (keyFile is null && !File.Exists(DefaultKeyFile))
            return null; // The service will say 401, and the message says how to pass a token.
        var key = File.ReadAllText(keyFile ?? DefaultKeyFile);
        if (_kind == ServiceKind.Aggregator)
            return Mint(key, "EU", "commission");
        if (country is null)
            throw new UsageException("no token: pass --token, set BALKANHUB_TOKEN, or pass --country to mint a development officer's token.");
        return Mint(key, country, "officer");
    }

    /// <summary>A development token; a key that is not base64 is a clear error rather than a crash.</summary>
    public static string Mint(string keyBase64, string participant, string role)
    {
        try
        {
            return DevelopmentTokens.Create(keyBase64, participant, role);
        }
        catch (FormatException)
        {
            throw new InputException("the development key is not base64: is it the file ./run.sh wrote?");
        }
    }

    /// <summary>An absolute http(s) address, or a usage error naming the option.</summary>
    public static Uri ParseUrl(string value, string option)
    {
        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            return url;
        throw new UsageException($"{option}: '{value}' is not an http or https address.");
    }
}

/// <summary>The <c>network.json</c> that <c>./run.sh</c> writes: where the aggregator and each contact point listen.</summary>
/// <param name="Aggregator">The aggregator's address.</param>
/// <param name="ContactPoints">Each country's contact point.</param>
internal sealed record NetworkFile(Uri Aggregator, IReadOnlyDictionary<string, Uri> ContactPoints)
{
    /// <summary>Reads <paramref name="path"/>; a file of another shape is an input error that names it.</summary>
    public static NetworkFile Read(string path)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw new InputException($"{path} is not valid JSON: {ex.Message}");
        }
        if (json?["aggregator"] is not JsonValue aggregator || aggregator.GetValueKind() != JsonValueKind.String
            || json["contactPoints"] is not JsonObject contactPoints)
            throw new InputException($"{path} should look like {{\"aggregator\": \"http://...\", \"contactPoints\": {{\"GR\": \"http://...\"}}}}.");
        return new NetworkFile(
            Connection.ParseUrl((string)aggregator!, $"{path}: aggregator"),
            contactPoints.ToDictionary(c => c.Key.ToUpperInvariant(), c => Connection.ParseUrl((string?)c.Value ?? "", $"{path}: contactPoints.{c.Key}"), StringComparer.Ordinal));
    }

    /// <summary>The country whose contact point listens at <paramref name="url"/>, if any.</summary>
    public string? CountryAt(Uri url) =>
        ContactPoints.FirstOrDefault(c => Uri.Compare(c.Value, url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0).Key;
}
