namespace BalkanHub.Domain.Route;

/// <summary>ISO 3166-1 alpha-2 codes, for nationalities and for countries people came from or went to.</summary>
public static class CountryCodes
{
    /// <summary>
    /// The user-assigned code the hub accepts for people whose nationality is unknown or who are
    /// stateless. Registration centres in 2015 recorded many such cases.
    /// </summary>
    public const string UnknownOrStateless = "XX";

    // Taken from Debian's iso-codes package (iso_3166-1.json): all 249 officially assigned codes.
    static readonly HashSet<string> Assigned = new(StringComparer.Ordinal)
    {
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
        "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
        "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
        "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU",
        "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
        "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
        "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI",
        "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK",
        "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    };

    /// <summary>
    /// The user-assigned code the European Union uses for Kosovo, which ISO 3166-1 does not list. People
    /// from Kosovo were part of the 2015 flows, so reports must be able to count them.
    /// </summary>
    public const string Kosovo = "XK";

    /// <summary>Whether the code names a country: officially assigned (upper case), or <see cref="Kosovo"/>.</summary>
    public static bool IsCountry(string? code) => code is not null && (Assigned.Contains(code) || code == Kosovo);

    /// <summary>Whether the code is acceptable as a nationality: a country, or <see cref="UnknownOrStateless"/>.</summary>
    public static bool IsNationality(string? code) => IsCountry(code) || code == UnknownOrStateless;
}
