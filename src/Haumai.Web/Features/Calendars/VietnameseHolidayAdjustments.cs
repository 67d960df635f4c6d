namespace Haumai.Web.Features.Calendars;

/// <summary>
/// What was decided for one year on top of the rules: plain data, so that the admin feature can store
/// each decision as a row (who, when, why) and feed them back here.
/// </summary>
/// <remarks>
/// Bộ luật Lao động 2019, Điều 112 khoản 3: each year the Prime Minister fixes the actual days of Tết
/// (point b) and the day next to 2/9 (point đ); that is what <see cref="TetDays"/> and
/// <see cref="NationalDayAdjacentDay"/> are for. Anything else (a one-off extra day off, a
/// compensatory day the government placed elsewhere, a holiday an admin must drop) is an
/// <see cref="Added"/>, <see cref="Moved"/> or <see cref="Removed"/> entry, addressed by the holiday's
/// <see cref="Holiday.Key"/>, which stays the same whatever date the rules give it.
/// </remarks>
public sealed record HolidayYearAdjustments
{
    /// <summary>The Gregorian year these adjustments apply to.</summary>
    public required int Year { get; init; }

    /// <summary>The statutory Tết days the government fixed (Điều 112.1.b: five days); null keeps the default.</summary>
    public IReadOnlyList<DateOnly>? TetDays { get; init; }

    /// <summary>The day before or after 2/9 the government fixed (Điều 112.1.đ); null keeps the default.</summary>
    public DateOnly? NationalDayAdjacentDay { get; init; }

    /// <summary>Extra days off. A non-compensatory one that falls on a weekly rest day earns a compensatory day too.</summary>
    public IReadOnlyList<Holiday> Added { get; init; } = [];

    /// <summary>Holidays (compensatory ones included) given another date.</summary>
    public IReadOnlyList<HolidayMove> Moved { get; init; } = [];

    /// <summary>Keys of holidays (compensatory ones included) that do not apply this year.</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];
}

/// <summary>Holiday <paramref name="Key"/> falls on <paramref name="To"/> instead.</summary>
public sealed record HolidayMove(string Key, DateOnly To);
