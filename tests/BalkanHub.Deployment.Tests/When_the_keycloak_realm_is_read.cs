using System.Text.Json.Nodes;
using BalkanHub.DeployGen;
using BalkanHub.Domain.Route;
using BalkanHub.ServiceDefaults.Security;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/keycloak/balkanhub-realm.json is the rehearsal's Keycloak realm, generated from the route: every
/// participant can sign in in each role it may take (as on the rehearsal identity provider's page), its
/// tokens carry the claims the services read, each service has its client, and nothing secret is in it.
/// Compose and Kubernetes import this very file. No Keycloak runs here (it cannot be downloaded), so the
/// file is checked against the realm import format as data.
/// </summary>
public sealed class When_the_keycloak_realm_is_read
{
    static readonly JsonObject Realm = JsonNode.Parse(File.ReadAllText(KeycloakRealm.FileOf(Root)))!.AsObject();
    static readonly AuthOptions ServiceAuth = new();

    static IEnumerable<JsonObject> Objects(JsonObject node, string key) => node[key]!.AsArray().Select(n => n!.AsObject());

    static IEnumerable<string> Strings(JsonNode? node) => node?.AsArray().Select(n => (string)n!) ?? [];

    static JsonObject Client(string clientId) => Objects(Realm, "clients").Single(c => (string?)c["clientId"] == clientId);

    static JsonObject? Mapper(JsonObject client, string type) =>
        Objects(client, "protocolMappers").SingleOrDefault(m => (string?)m["protocolMapper"] == type);

    static readonly Dictionary<string, object?> Compose = (Dictionary<string, object?>)LoadYaml(Path.Combine(Deploy, "compose", "compose.yaml")).Single()!;
    static readonly List<object?> Kubernetes = [.. Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").SelectMany(LoadYaml)];

    static Dictionary<string, object?> KubernetesObject(string kind, string name) =>
        (Dictionary<string, object?>)Kubernetes.Single(d => Text(d, "kind") == kind && Text(Map(d, "metadata"), "name") == name)!;

    [Test]
    public void Should_be_what_the_generator_writes_for_the_route()
    {
        // Like the broker's users, the realm's users and clients follow the route: a participant added without
        // regenerating could not sign in, and a new contact point would have no client.
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(KeycloakRealm.FileOf(Root)).ReplaceLineEndings("\n"), Is.EqualTo(KeycloakRealm.Generate(Route)),
                "deploy/keycloak/balkanhub-realm.json differs from the route: run dotnet run --project tools/BalkanHub.DeployGen");
            Assert.That(File.ReadAllText(KeycloakRealm.ConfigMapFileOf(Root)).ReplaceLineEndings("\n"), Is.EqualTo(KeycloakRealm.GenerateConfigMap(Route)),
                "deploy/k8s/keycloak-realm.yaml differs from the route: run dotnet run --project tools/BalkanHub.DeployGen");
        });
    }

    [Test]
    public void Should_let_every_participant_of_the_route_sign_in_in_each_role_it_may_take()
    {
        var users = Objects(Realm, "users").ToDictionary(u => (string)u["username"]!);
        Assert.That(users.Keys, Is.EquivalentTo(Route.Participants.SelectMany(p => HubRoles.Of(p.Role).Select(r => $"{p.Code.ToLowerInvariant()}-{r}"))),
            "one user per participant and role, no others");
        Assert.Multiple(() =>
        {
            foreach (var participant in Route.Participants)
            {
                foreach (var role in HubRoles.Of(participant.Role))
                {
                    var user = users[$"{participant.Code.ToLowerInvariant()}-{role}"];
                    Assert.That(Strings(user["attributes"]![KeycloakRealm.ParticipantAttribute]), Is.EqualTo(new[] { participant.Code }), $"{user["username"]}'s participant");
                    Assert.That(Strings(user["realmRoles"]), Is.EqualTo(new[] { role }), $"{user["username"]}'s one role");
                    Assert.That((bool?)user["enabled"], Is.True);
                }
            }
            // The people the rehearsal needs first: an officer of each country, the Commission's analyst, an operator.
            foreach (var country in Route.ReportingCountries)
                Assert.That(users, Contains.Key($"{country.Code.ToLowerInvariant()}-officer"));
            Assert.That(users.Values.Select(u => (Strings(u["attributes"]!["country"]).Single(), Strings(u["realmRoles"]).Single())),
                Does.Contain(("EU", HubRoles.Commission)).And.Contain(("EU", HubRoles.Operator)));
        });
    }

    [Test]
    public void Should_put_the_participant_and_the_role_in_tokens_as_the_services_read_them()
    {
        Assert.That(Objects(Realm["roles"]!.AsObject(), "realm").Select(r => (string)r["name"]!), Is.EquivalentTo(HubRoles.All));
        // The user profile must declare the participant, or Keycloak 24+ drops the attribute; users must not edit it.
        var profileConfig = Realm["components"]!["org.keycloak.userprofile.UserProfileProvider"]![0]!["config"]!["kc.user.profile.config"]![0]!;
        var profile = JsonNode.Parse((string)profileConfig!)!;
        var participant = Objects(profile.AsObject(), "attributes").Single(a => (string?)a["name"] == KeycloakRealm.ParticipantAttribute);
        Assert.Multiple(() =>
        {
            Assert.That(Strings(participant["permissions"]!["edit"]), Is.EqualTo(new[] { "admin" }), "only administrators set a person's participant");
            Assert.That(Strings(participant["validations"]!["options"]!["options"]), Is.EqualTo(Route.Participants.Select(p => p.Code)));
            Assert.That(profile["unmanagedAttributePolicy"], Is.Null, "no attributes beyond the declared ones");
        });

        var scopes = Objects(Realm, "scopeMappings").ToDictionary(m => (string)m["client"]!, m => Strings(m["roles"]).ToList());
        Assert.Multiple(() =>
        {
            foreach (var client in Objects(Realm, "clients"))
            {
                var id = (string)client["clientId"]!;
                var country = Mapper(client, "oidc-usermodel-attribute-mapper")?["config"];
                var role = Mapper(client, "oidc-usermodel-realm-role-mapper")?["config"];
                var audience = Mapper(client, "oidc-audience-mapper")?["config"];
                Assert.That((string?)country?["user.attribute"], Is.EqualTo(KeycloakRealm.ParticipantAttribute), id);
                Assert.That((string?)country?["claim.name"], Is.EqualTo(ServiceAuth.CountryClaim), $"{id}: the claim the services read the participant from");
                Assert.That((string?)role?["claim.name"], Is.EqualTo(ServiceAuth.RoleClaim), $"{id}: the claim the services read the role from");
                Assert.That((string?)audience?["included.custom.audience"], Is.EqualTo(ServiceAuth.Audience), $"{id}: the audience the services expect");
                foreach (var config in new[] { country, role, audience })
                    Assert.That((string?)config?["access.token.claim"], Is.EqualTo("true"), $"{id}: in the access token, for the API and hubs");
                foreach (var config in new[] { country, role })
                    Assert.That((string?)config?["id.token.claim"], Is.EqualTo("true"), $"{id}: in the identity token, for browser sign-in");
                // Only the hub's roles reach the token: Keycloak's defaults would make the role claim ambiguous.
                Assert.That((bool?)client["fullScopeAllowed"], Is.False, id);
                Assert.That(scopes.GetValueOrDefault(id), Is.EquivalentTo(HubRoles.All), $"{id}'s role scope");
                Assert.That(Strings(client["defaultClientScopes"]), Does.Contain("profile").And.Contain("basic"), $"{id}: ASP.NET Core asks for profile; basic gives sub");
                Assert.That((string?)client["attributes"]!["pkce.code.challenge.method"], Is.EqualTo("S256"), id);
                Assert.That((bool?)client["directAccessGrantsEnabled"], Is.False, $"{id}: no passwords through programs");
            }
        });
    }

    [Test]
    public void Should_give_each_service_a_confidential_client_named_as_its_broker_user_and_scripts_a_public_one()
    {
        // make-secrets.sh writes each broker user's client secret into that service's env file.
        var brokerUsers = JsonNode.Parse(File.ReadAllText(BrokerDefinitions.FileOf(Root)))!["users"]!.AsArray().Select(u => (string)u!["name"]!);
        var clients = Objects(Realm, "clients").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(clients.Where(c => (bool?)c["publicClient"] == false).Select(c => (string)c["clientId"]!), Is.EquivalentTo(brokerUsers));
            Assert.That(clients.Where(c => (bool?)c["publicClient"] == true).Select(c => (string)c["clientId"]!), Is.EqualTo(new[] { KeycloakRealm.CommandLineClient }));
            // Behind the Kubernetes Ingress, at the host contact-points.yaml gives it.
            foreach (var participant in Route.ContactPoints)
            {
                var ingress = KubernetesObject("Ingress", $"contact-point-{participant.Code.ToLowerInvariant()}");
                var host = Text(List(Map(ingress, "spec"), "rules").Single(), "host");
                Assert.That(Strings(Client(KeycloakRealm.ClientOf(participant.Code))["redirectUris"]), Does.Contain($"https://{host}/signin-oidc"), participant.Code);
            }
        });
    }

    [Test]
    public void Should_hold_no_password_or_secret()
    {
        static IEnumerable<string> Keys(JsonNode? node) => node switch
        {
            JsonObject map => map.SelectMany(e => Keys(e.Value).Prepend(e.Key)),
            JsonArray list => list.SelectMany(Keys),
            _ => [],
        };
        var keys = Keys(Realm).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.That(new[] { "credentials", "secret", "password", "hashedSaltedValue", "secretData" }.Where(keys.Contains), Is.Empty);
    }

    [Test]
    public void Should_be_imported_by_compose_and_its_services_sign_in_through_it()
    {
        var services = Map(Compose, "services");
        var keycloak = services["keycloak"];
        var realmConfig = Map(Map(Compose, "configs"), "keycloak-realm");
        var imported = List(keycloak, "configs").Single(c => Text(c, "source") == "keycloak-realm");
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFullPath(Path.Combine(Deploy, "compose", Text(realmConfig, "file")!)), Is.EqualTo(KeycloakRealm.FileOf(Root)));
            Assert.That(Text(imported, "target"), Does.StartWith("/opt/keycloak/data/import/").And.EndWith("-realm.json"));
            Assert.That(string.Join(' ', List(keycloak, "command").Cast<string>()), Does.Contain("--import-realm"));
            Assert.That(Text(keycloak, "image"), Does.Match(@"^quay\.io/keycloak/keycloak:26\.\d+"));
            Assert.That(Text(Map(Compose, "x-service-environment"), "Auth__Authority"),
                Is.EqualTo($"${{BALKANHUB_AUTH_AUTHORITY:-http://keycloak:8080/realms/{KeycloakRealm.Name}}}"), "Keycloak by default, overridable");
        });

        // Every service's client is in the realm, and takes sign-ins back at the address compose publishes it on.
        var ports = KeycloakRealm.ComposePorts(Route);
        var signingIn = services.Where(s => Map(s.Value, "environment").ContainsKey("Auth__ClientId")).ToList();
        Assert.That(signingIn.Select(s => s.Key), Is.EquivalentTo(ContactPointCodes.Select(c => $"contact-point-{c}").Append("aggregator-1").Append("aggregator-2")));
        Assert.Multiple(() =>
        {
            foreach (var (name, service) in signingIn)
            {
                var clientId = Text(Map(service, "environment"), "Auth__ClientId")!;
                var published = List(service, "ports").Cast<string>().Single().Split(':');
                Assert.That(published[0], Is.EqualTo("127.0.0.1"), name);
                Assert.That(Strings(Client(clientId)["redirectUris"]), Does.Contain($"http://127.0.0.1:{published[1]}/signin-oidc"), name);
                Assert.That(ports[clientId], Does.Contain(int.Parse(published[1], System.Globalization.CultureInfo.InvariantCulture)), name);
            }
        });
    }

    [Test]
    public void Should_be_imported_by_kubernetes_and_be_the_issuer_the_contact_points_trust()
    {
        var configMap = KubernetesObject("ConfigMap", "balkanhub-keycloak-realm");
        var deployment = KubernetesObject("Deployment", "keycloak");
        var pod = Map(Map(Map(deployment, "spec"), "template"), "spec");
        var container = List(pod, "containers").Single();
        var realmVolume = List(pod, "volumes").Single(v => Text(Map(v, "configMap"), "name") == "balkanhub-keycloak-realm");
        var host = Text(List(Map(KubernetesObject("Ingress", "keycloak"), "spec"), "rules").Single(), "host");
        var hostname = List(container, "env").Single(e => Text(e, "name") == "KC_HOSTNAME");
        Assert.Multiple(() =>
        {
            Assert.That(Text(Map(configMap, "data"), "balkanhub-realm.json"), Is.EqualTo(File.ReadAllText(KeycloakRealm.FileOf(Root))));
            Assert.That(List(container, "args").Cast<string>(), Does.Contain("--import-realm"));
            Assert.That(Text(List(container, "volumeMounts").Single(m => Text(m, "name") == Text(realmVolume, "name")), "mountPath"),
                Is.EqualTo("/opt/keycloak/data/import"));
            Assert.That(Text(hostname, "value"), Is.EqualTo($"https://{host}"));
            Assert.That(File.ReadAllText(Path.Combine(Deploy, "k8s", "kustomization.yaml")), Does.Contain("keycloak-realm.yaml").And.Contain("keycloak.yaml"));
            foreach (var service in Kubernetes.Where(d => Text(d, "kind") == "Deployment" && Text(Map(d, "metadata"), "name") != "keycloak"))
            {
                var env = List(List(Map(Map(Map(service, "spec"), "template"), "spec"), "containers").Single(), "env");
                Assert.That(Text(env.Single(e => Text(e, "name") == "Auth__Authority"), "value"), Is.EqualTo($"https://{host}/realms/{KeycloakRealm.Name}"),
                    Text(Map(service, "metadata"), "name"));
            }
        });
    }

    [Test]
    public void Should_give_a_second_route_its_own_users_and_clients_without_a_code_change()
    {
        var mediterranean = RouteMap.Parse("""
            {
              "name": "Central Mediterranean (made up for the test)", "firstReportingDay": "2014-06-01",
              "participants": [
                { "code": "IT", "name": "Italy", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "MT", "name": "Malta", "role": "country", "timeZone": "Europe/Malta" },
                { "code": "EU", "name": "European Commission", "role": "commission", "timeZone": "Europe/Brussels" },
                { "code": "IOM", "name": "IOM", "role": "agency", "timeZone": "Europe/Zurich" }
              ],
              "borders": [], "corridor": [ "IT" ], "crossingPoints": []
            }
            """, "med.json");
        var generated = JsonNode.Parse(KeycloakRealm.Generate(mediterranean))!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(Objects(generated, "users").Select(u => (string)u["username"]!),
                Is.EqualTo(new[] { "it-officer", "it-viewer", "mt-officer", "mt-viewer", "eu-commission", "eu-operator", "iom-agency" }));
            Assert.That(Objects(generated, "clients").Select(c => (string)c["clientId"]!),
                Is.EqualTo(new[] { "aggregator", "contact-point-it", "contact-point-mt", "balkanhub-cli" }));
            Assert.That(Strings(Objects(generated, "clients").Single(c => (string?)c["clientId"] == "contact-point-mt")["redirectUris"]),
                Does.Contain("http://127.0.0.1:5102/signin-oidc"));
        });
    }
}

