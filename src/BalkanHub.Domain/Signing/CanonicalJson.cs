using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BalkanHub.Domain.Signing;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: members sorted by their UTF-16 code units, no whitespace,
/// strings escaped minimally, numbers written as ECMAScript writes them. No served package implements it,
/// and it is small: it is tested on the RFC's own examples.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical UTF-8 bytes of a JSON value.</summary>
    public static byte[] Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The bytes a BalkanHub signature covers: the message without its top-level <c>signature</c> member
    /// and without any member whose value is null, canonicalized. Dropping nulls makes the form
    /// independent of whether a serializer writes absent optional fields.
    /// </summary>
    public static byte[] SignedForm(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = (JsonObject)message.DeepClone();
        copy.Remove("signature");
        return Serialize(WithoutNulls(copy));
    }

    static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => Strip(o),
        JsonArray a => Strip(a),
        _ => node,
    };

    static JsonObject Strip(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
            o.Remove(key);
        foreach (var (_, value) in o)
            WithoutNulls(value);
        return o;
    }

    static JsonArray Strip(JsonArray a)
    {
        foreach (var item in a)
            WithoutNulls(item);
        return a;
    }

    static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                        text.Append(',');
                    first = false;
                    WriteString(key, text);
                    text.Append(':');
                    Write(value, text);
                }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                        text.Append(',');
                    Write(a[i], text);
                }
                text.Append(']');
                break;
            case JsonValue v:
                WriteValue(v, text);
                break;
        }
    }

    static void WriteValue(JsonValue value, StringBuilder text)
    {
        switch (value.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.String:
                WriteString(value.GetValue<string>(), text);
                break;
            case System.Text.Json.JsonValueKind.Number:
                text.Append(Number(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)));
                break;
            case System.Text.Json.JsonValueKind.True:
                text.Append("true");
                break;
            case System.Text.Json.JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    /// <summary>ECMAScript's Number.prototype.toString for a finite double (RFC 8785 section 3.2.2.3).</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or Infinity.");
        if (value == 0)
            return "0";
        var negative = value < 0;
        // "R" gives the shortest digits that round-trip; take them apart into digits and exponent.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = r.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? r : r[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(r[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent; // position of the decimal point
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leading;
        var k = digits.Length;

        string result;
        if (k <= n && n <= 21)
            result = digits + new string('0', n - k);
        else if (0 < n && n <= 21)
            result = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0)
            result = "0." + new string('0', -n) + digits;
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }
}
