using System.Text.Json.Serialization;

namespace BalkanHub.Api.Contracts;

/// <summary>What a participant does on the hub. Written as its name in JSON, in the route file and in every API.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParticipantRole>))]
public enum ParticipantRole
{
    /// <summary>A country on the route: has borders, reports daily, announces measures.</summary>
    [JsonStringEnumMemberName("country")] Country,

    /// <summary>A country that takes part without borders on the route (the Council presidencies in 2015).</summary>
    [JsonStringEnumMemberName("observer")] Observer,

    /// <summary>The European Commission: reads everything, writes nothing national.</summary>
    [JsonStringEnumMemberName("commission")] Commission,

    /// <summary>An agency such as Frontex, EASO or UNHCR: reads everything.</summary>
    [JsonStringEnumMemberName("agency")] Agency,
}
