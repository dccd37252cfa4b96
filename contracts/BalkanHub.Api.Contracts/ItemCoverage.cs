namespace BalkanHub.Api.Contracts;

/// <summary>How far one requested item is covered. Shares are percentages of the quantity requested, capped at 100.</summary>
public sealed record ItemCoverage(
    string Item, string Unit, int Requested, int Offered, int Accepted, int Delivered,
    double OfferedPercent, double AcceptedPercent, double DeliveredPercent);
