using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>One exported row: the latest version of one country's report for one day.</summary>
public sealed record DailyRow(
    DateOnly Date, string Country, int Version, DateTimeOffset SubmittedAt, int Arrivals, int Departures, int PeoplePresent,
    int Registered, int AsylumApplications, int Men, int Women, int Children, int UnaccompaniedChildren, int Capacity, int Occupied);
