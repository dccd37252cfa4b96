using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.Messaging.Messaging;
using BalkanHub.ServiceDefaults.Security;

namespace BalkanHub.DeployGen;

/// <summary>
/// The Keycloak realm <c>balkanhub</c> for a route, the production-shaped twin of src/BalkanHub.RehearsalIdentity:
/// the hub's roles as realm roles; a confidential client per service (named as its broker user, which is how
/// make-secrets.sh finds it) and a public one for the command line; and a user for each participant in each role
/// it may take (<see cref="HubRoles.Of"/>), carrying its participant code in the attribute <c>country</c>.
/// Tokens name the participant in the claim <c>country</c> and the role in the claim <c>role</c>, with the audience
/// <c>balkanhub</c>, as the services read them (<see cref="AuthOptions"/>).
/// </summary>
/// <remarks>
/// <para>No password or client secret is written here. Keycloak's import has no reliable placeholders for them, so
/// the users are imported without credentials (nobody can sign in as them yet) and the clients without secrets;
/// both are set after the import with kcadm.sh (compose: the keycloak-secrets service, from what make-secrets.sh
/// wrote; Kubernetes: docs/deployment.md).</para>
/// <para>Only the hub's roles reach a token: every client has <c>fullScopeAllowed</c> off and is given those five
/// roles as its scope, so Keycloak's own default roles (offline_access, uma_authorization) never make the
/// <c>role</c> claim ambiguous, which the services refuse.</para>
/// <para>Since Keycloak 24 an attribute the user profile does not declare is dropped, so the realm's user profile
/// declares <c>country</c>, editable by administrators only: a user cannot change the participant they speak for.</para>
/// </remarks>
public static class KeycloakRealm
{
    /// <summary>The realm's name, the last segment of its issuer address (<c>…/realms/balkanhub</c>).</summary>
    public const string Name = "balkanhub";

    /// <summary>The public client (no secret, PKCE) for command lines and scripts.</summary>
    public const string CommandLineClient = "balkanhub-cli";

    /// <summary>The aggregators' client: every replica is one client, as it is one broker user.</summary>
    public const string AggregatorClient = "aggregator";

    /// <summary>The user attribute that holds a person's participant code.</summary>
    public const string ParticipantAttribute = "country";

    /// <summary>The aggregators' host ports in deploy/compose/compose.yaml (a deployment test compares them).</summary>
    public static readonly IReadOnlyList<int> AggregatorComposePorts = [5100, 5200];

    /// <summary>The first contact point's host port in compose; the others follow in code order.</summary>
    public const int FirstContactPointComposePort = 5101;

    /// <summary>The contact points' host names behind the Kubernetes Ingress (deploy/k8s/contact-points.yaml).</summary>
    public static string ContactPointHost(string code) => $"{code.ToLowerInvariant()}.balkanhub.example.org";

    // Readable escaping (\" rather than \u0022, + as it is): the file is read by Keycloak and people, never put into HTML.
    static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Default) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static readonly JsonSerializerOptions Compact = new(JsonSerializerOptions.Default) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static readonly Dictionary<string, string> RoleDescriptions = new(StringComparer.Ordinal)
    {
        [HubRoles.Officer] = "Writes and reads for its own country only.",
        [HubRoles.Viewer] = "Reads only what was relayed to its country.",
        [HubRoles.Commission] = "The Commission: reads everything, writes nothing national.",
        [HubRoles.Agency] = "Frontex, EASO, UNHCR: read everything; report progress on their own commitments.",
        [HubRoles.Operator] = "Runs the hub: dead letters and replay.",
    };

    /// <summary>Where the realm lives in the repository.</summary>
    public static string FileOf(string root) => Path.Combine(root, "deploy", "keycloak", "balkanhub-realm.json");

    /// <summary>Where its Kubernetes ConfigMap lives.</summary>
    public static string ConfigMapFileOf(string root) => Path.Combine(root, "deploy", "k8s", "keycloak-realm.yaml");

    /// <summary>The service client of a contact point: its broker user's name.</summary>
    public static string ClientOf(string code) => HubTopology.ContactPointUser(code);

    /// <summary>A rehearsal user's name, such as <c>gr-officer</c> or <c>eu-commission</c>.</summary>
    public static string UserOf(string code, string role) => $"{code.ToLowerInvariant()}-{role}";

    /// <summary>Every rehearsal user: each participant in each role it may take, in route order.</summary>
    public static IReadOnlyList<(string Username, Participant Participant, string Role)> Users(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return [.. route.Participants.SelectMany(p => HubRoles.Of(p.Role).Select(role => (UserOf(p.Code, role), p, role)))];
    }

    /// <summary>Each service client's host ports in compose: the aggregators', then the contact points' in code order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<int>> ComposePorts(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var ports = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal) { [AggregatorClient] = AggregatorComposePorts };
        var codes = route.ContactPoints.Select(p => p.Code).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < codes.Count; i++)
            ports[ClientOf(codes[i])] = [FirstContactPointComposePort + i];
        return ports;
    }

    /// <summary>The realm as the committed file holds it: indented JSON with a final newline.</summary>
    public static string Generate(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var ports = ComposePorts(route);
        var services = route.ContactPoints.Select(p => ClientOf(p.Code)).Prepend(AggregatorClient).ToList();
        var clients = services.Select(c => ServiceClient(c, RedirectUris(route, c, ports[c]), Describe(route, c)))
            .Append(CommandLine());

        var realm = new JsonObject
        {
            ["realm"] = Name,
            ["displayName"] = "BalkanHub (rehearsal)",
            ["enabled"] = true,
            // Plain HTTP from private networks only (compose's, a cluster's): anything else needs TLS.
            ["sslRequired"] = "external",
            ["registrationAllowed"] = false,
            ["resetPasswordAllowed"] = false,
            ["editUsernameAllowed"] = false,
            ["rememberMe"] = false,
            ["bruteForceProtected"] = true,
            ["roles"] = new JsonObject
            {
                ["realm"] = Array(HubRoles.All.Select(r => new JsonObject { ["name"] = r, ["description"] = RoleDescriptions[r] })),
            },
            ["scopeMappings"] = Array(services.Append(CommandLineClient).Select(c => new JsonObject
            {
                ["client"] = c,
                ["roles"] = Strings(HubRoles.All),
            })),
            ["clients"] = Array(clients),
            ["users"] = Array(Users(route).Select(u => User(u.Username, u.Participant, u.Role))),
            ["components"] = new JsonObject
            {
                ["org.keycloak.userprofile.UserProfileProvider"] = new JsonArray(new JsonObject
                {
                    ["providerId"] = "declarative-user-profile",
                    ["subComponents"] = new JsonObject(),
                    ["config"] = new JsonObject { ["kc.user.profile.config"] = new JsonArray(UserProfile(route)) },
                }),
            },
        };
        return realm.ToJsonString(Indented) + "\n";
    }

    const string ConfigMapHeader = """
        # Generated from deploy/route.json by tools/BalkanHub.DeployGen (dotnet run --project tools/BalkanHub.DeployGen):
        # edit the generator, not this file; a deployment test fails when the two differ.
        #
        # The realm of deploy/keycloak/balkanhub-realm.json, which keycloak.yaml imports at its first start. It
        # holds no password or client secret: set them after the import (docs/deployment.md).
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: balkanhub-keycloak-realm
          namespace: balkanhub
        data:
          balkanhub-realm.json: |

        """;

    /// <summary>deploy/k8s/keycloak-realm.yaml: the realm file as a ConfigMap.</summary>
    public static string GenerateConfigMap(RouteMap route)
    {
        var text = new StringBuilder(ConfigMapHeader.ReplaceLineEndings("\n"));
        foreach (var line in Generate(route).TrimEnd('\n').Split('\n'))
            text.Append("    ").Append(line).Append('\n');
        return text.ToString();
    }

    static JsonArray Array(IEnumerable<JsonNode> nodes) => new([.. nodes]);

    static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    static string Describe(RouteMap route, string client)
    {
        if (client == AggregatorClient)
            return "The aggregators (every replica)";
        var participant = route.ContactPoints.Single(p => ClientOf(p.Code) == client);
        return $"The contact point of {participant.Name} ({participant.Code})";
    }

    // Where each service takes its sign-ins back: compose publishes it on 127.0.0.1 (a browser may call that
    // localhost), Kubernetes behind an Ingress. The aggregator has no Ingress in deploy/k8s yet.
    static IEnumerable<string> RedirectUris(RouteMap route, string client, IReadOnlyList<int> ports)
    {
        foreach (var port in ports)
        {
            yield return $"http://127.0.0.1:{port}/signin-oidc";
            yield return $"http://localhost:{port}/signin-oidc";
        }
        if (route.ContactPoints.FirstOrDefault(p => ClientOf(p.Code) == client) is { } participant)
            yield return $"https://{ContactPointHost(participant.Code)}/signin-oidc";
    }

    static JsonObject ServiceClient(string clientId, IEnumerable<string> redirectUris, string description) => Client(clientId, description, confidential: true, redirectUris,
        new JsonObject { ["pkce.code.challenge.method"] = "S256", ["post.logout.redirect.uris"] = "+" });

    // A program on the person's own machine: the authorization code flow to a loopback address (any port, as
    // Keycloak allows for http://127.0.0.1 and http://localhost), or the device flow where no browser runs.
    static JsonObject CommandLine() => Client(CommandLineClient, "Command lines and scripts (public: no secret, PKCE)", confidential: false,
        ["http://127.0.0.1/*", "http://localhost/*"],
        new JsonObject { ["pkce.code.challenge.method"] = "S256", ["oauth2.device.authorization.grant.enabled"] = "true" });

    static JsonObject Client(string clientId, string description, bool confidential, IEnumerable<string> redirectUris, JsonObject attributes)
    {
        var client = new JsonObject
        {
            ["clientId"] = clientId,
            ["name"] = clientId,
            ["description"] = description,
            ["enabled"] = true,
            ["protocol"] = "openid-connect",
            ["publicClient"] = !confidential,
        };
        if (confidential)
            client["clientAuthenticatorType"] = "client-secret";
        client["standardFlowEnabled"] = true;
        client["implicitFlowEnabled"] = false;
        client["directAccessGrantsEnabled"] = false;
        client["serviceAccountsEnabled"] = false;
        client["fullScopeAllowed"] = false;
        client["redirectUris"] = Strings(redirectUris);
        client["webOrigins"] = new JsonArray();
        client["attributes"] = attributes;
        // Keycloak's built-in scopes: basic gives the access token its sub (the person in the audit trail),
        // profile the name the pages show; profile is also what ASP.NET Core asks for, and an unknown scope is refused.
        client["defaultClientScopes"] = Strings(["acr", "basic", "profile", "roles", "web-origins"]);
        client["optionalClientScopes"] = new JsonArray();
        client["protocolMappers"] = new JsonArray(
            Mapper("participant", "oidc-usermodel-attribute-mapper", new JsonObject
            {
                ["user.attribute"] = ParticipantAttribute,
                ["claim.name"] = HubRoles.CountryClaimType,
                ["jsonType.label"] = "String",
                ["multivalued"] = "false",
                ["aggregate.attrs"] = "false",
            }, idToken: true),
            Mapper("role", "oidc-usermodel-realm-role-mapper", new JsonObject
            {
                ["claim.name"] = HubRoles.RoleClaimType,
                ["jsonType.label"] = "String",
                ["multivalued"] = "true",
            }, idToken: true),
            Mapper("audience", "oidc-audience-mapper", new JsonObject
            {
                ["included.custom.audience"] = new AuthOptions().Audience,
            }, idToken: false));
        return client;
    }

    static JsonObject Mapper(string name, string mapper, JsonObject config, bool idToken)
    {
        config["access.token.claim"] = "true";
        config["id.token.claim"] = idToken ? "true" : "false";
        config["introspection.token.claim"] = "true";
        if (idToken)
            config["userinfo.token.claim"] = "true";
        return new JsonObject
        {
            ["name"] = name,
            ["protocol"] = "openid-connect",
            ["protocolMapper"] = mapper,
            ["consentRequired"] = false,
            ["config"] = config,
        };
    }

    // No credentials: see the remarks above.
    static JsonObject User(string username, Participant participant, string role) => new()
    {
        ["username"] = username,
        ["enabled"] = true,
        ["firstName"] = participant.Name,
        ["lastName"] = role,
        ["attributes"] = new JsonObject { [ParticipantAttribute] = Strings([participant.Code]) },
        ["realmRoles"] = Strings([role]),
    };

    // Keycloak's default profile (username, email, first and last name) with nothing required, so a rehearsal
    // user is not asked to fill in a form first, and the participant, one of the route's codes, set by administrators.
    static string UserProfile(RouteMap route)
    {
        static JsonObject Attribute(string name, string displayName, JsonObject validations, bool userEdits = false) => new()
        {
            ["name"] = name,
            ["displayName"] = displayName,
            ["validations"] = validations,
            ["permissions"] = new JsonObject
            {
                ["view"] = Strings(["admin", "user"]),
                ["edit"] = userEdits ? Strings(["admin", "user"]) : Strings(["admin"]),
            },
            ["multivalued"] = false,
        };
        var profile = new JsonObject
        {
            ["attributes"] = new JsonArray(
                Attribute("username", "${username}", new JsonObject
                {
                    ["length"] = new JsonObject { ["min"] = 3, ["max"] = 255 },
                    ["username-prohibited-characters"] = new JsonObject(),
                    ["up-username-not-idn-homograph"] = new JsonObject(),
                }),
                Attribute("email", "${email}", new JsonObject { ["email"] = new JsonObject(), ["length"] = new JsonObject { ["max"] = 255 } }, userEdits: true),
                Attribute("firstName", "${firstName}", new JsonObject { ["length"] = new JsonObject { ["max"] = 255 }, ["person-name-prohibited-characters"] = new JsonObject() }),
                Attribute("lastName", "${lastName}", new JsonObject { ["length"] = new JsonObject { ["max"] = 255 }, ["person-name-prohibited-characters"] = new JsonObject() }),
                Attribute(ParticipantAttribute, "Participant", new JsonObject
                {
                    ["options"] = new JsonObject { ["options"] = Strings(route.Participants.Select(p => p.Code)) },
                })),
        };
        return profile.ToJsonString(Compact);
    }
}
