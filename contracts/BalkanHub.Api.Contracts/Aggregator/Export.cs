using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>One exported row: the latest version of one country's report for one day.</summary>
public sealed record DailyRow(
    DateOnly Date, string Country, int Version, DateTimeOffset SubmittedAt, int Arrivals, int Departures, int PeoplePresent,
    int Registered, int AsylumApplications, int Men, int Women, int Children, int UnaccompaniedChildren, int Capacity, int Occupied);

/// <summary>
/// The JSON form of the daily export as a client reads it whole: the HXL hashtag of each field, then the
/// rows. The aggregator writes the same shape while streaming its rows from the database, which is why
/// its own type (with an asynchronous stream of rows) cannot be this record.
/// </summary>
/// <param name="Hxl">Each field's HXL hashtag, such as <c>#affected+arrivals</c>.</param>
/// <param name="Rows">The latest version of each country's report for each day, in date order.</param>
public sealed record DailyExportDocument(IReadOnlyDictionary<string, string> Hxl, IReadOnlyList<DailyRow> Rows);
