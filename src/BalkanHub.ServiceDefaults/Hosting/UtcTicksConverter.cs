using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> in SQLite as its UTC ticks. SQLite has no date-time type and
/// EF Core cannot compare or order DateTimeOffset text there; as a number, deadlines and trends are
/// queried in SQL, and the value comes back to the tick, so hashes over it (the audit trail) still match.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
