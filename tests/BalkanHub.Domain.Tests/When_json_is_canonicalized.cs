using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BalkanHub.Contracts;
using BalkanHub.Domain.Signing;

namespace BalkanHub.Domain.Tests;

/// <summary>RFC 8785, checked on the RFC's own examples, and the signatures built on it.</summary>
public sealed class When_json_is_canonicalized
{
    static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonNode.Parse(json)));

    [Test]
    public void Should_match_the_rfc_example_of_section_3_2_3()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.That(Canonical(input), Is.EqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"));
    }

    [Test]
    public void Should_sort_members_by_utf16_code_units_as_in_section_3_2_3()
    {
        const string input = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""";
        var keys = JsonNode.Parse(Canonical(input))!.AsObject().Select(p => p.Key);
        Assert.That(keys, Is.EqualTo(new[] { "\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33" }));
    }

    [TestCase(0.0, "0")]
    [TestCase(-0.0, "0")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(-1.7976931348623157e308, "-1.7976931348623157e+308")]
    [TestCase(9007199254740992.0, "9007199254740992")]
    [TestCase(999999999999999900000.0, "999999999999999900000")]
    [TestCase(1e21, "1e+21")]
    [TestCase(1e23, "1e+23")]
    [TestCase(0.000001, "0.000001")]
    [TestCase(1e-7, "1e-7")]
    [TestCase(295147905179352830000.0, "295147905179352830000")]
    [TestCase(2500.0, "2500")]
    [TestCase(-12.5, "-12.5")]
    public void Should_write_numbers_as_ecmascript_does(double value, string expected) =>
        Assert.That(CanonicalJson.Number(value), Is.EqualTo(expected));

    [Test]
    public void Should_sign_so_that_only_the_untouched_message_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyFile = Path.GetTempFileName();
        File.WriteAllText(keyFile, $$"""{"keys":[{"country":"GR","keyId":"GR-1","publicKey":{{System.Text.Json.JsonSerializer.Serialize(key.ExportSubjectPublicKeyInfoPem())}}}]}""");
        using var trusted = TrustedKeys.Load(keyFile);
        using var signer = new OriginSigner(ECDsa.Create(key.ExportParameters(true)), "GR-1");

        var signed = signer.Sign(new RelayAcknowledged { Country = "GR", Sequence = 7, ItemKey = "report:MK:2015-10-20:v1", AcknowledgedAt = DateTimeOffset.UtcNow });
        var node = System.Text.Json.JsonSerializer.SerializeToNode(signed, System.Text.Json.JsonSerializerOptions.Web)!.AsObject();
        Assert.That(trusted.Problem("GR", node), Is.Null);

        // Member order, whitespace and absent-or-null optional members do not matter…
        var reordered = JsonNode.Parse(string.Join(",\n ", node.Reverse().Select(p => $"\"{p.Key}\": {p.Value?.ToJsonString() ?? "null"}")).Insert(0, "{") + "}")!.AsObject();
        Assert.That(trusted.Problem("GR", reordered), Is.Null);

        // …but every value does, and so does who claims to have sent it.
        var tampered = (JsonObject)node.DeepClone();
        tampered["sequence"] = 8;
        Assert.That(trusted.Problem("GR", tampered), Does.Contain("does not verify"));
        Assert.That(trusted.Problem("MK", node), Does.Contain("not one of MK's trusted keys"));
        File.Delete(keyFile);
    }
}
