namespace Haumai.Web.Features.Calendars;

/// <summary>
/// Where features get a business calendar by its slug (<c>24x7</c>, <c>office-hours</c>, or one an
/// admin made). The SLA engine and ETA compute with what this returns; the calendars feature keeps
/// them (database, cache) and rebuilds a calendar when its definition or the holidays change.
/// </summary>
public interface ICalendarSource
{
    public const string TwentyFourSeven = "24x7";
    public const string OfficeHours = "office-hours";

    /// <summary>The calendar, or null when there is no calendar with that slug.</summary>
    ValueTask<BusinessCalendar?> FindAsync(string slug, CancellationToken ct = default);
}

/// <summary>
/// The two calendars every installation starts with, with the Vietnamese public holidays computed
/// for the years around now. It stands in until calendars are stored (admin-editable) and stays
/// the fallback of the stored source for these two slugs.
/// </summary>
public sealed class BuiltInCalendars : ICalendarSource
{
    private readonly Lazy<BusinessCalendar> _officeHours = new(() =>
        BusinessCalendar.OfficeHours(HolidayYears().SelectMany(y => VietnameseHolidays.For(y)).Select(h => h.Date).Distinct()));

    public ValueTask<BusinessCalendar?> FindAsync(string slug, CancellationToken ct = default) => ValueTask.FromResult(slug switch
    {
        ICalendarSource.TwentyFourSeven => BusinessCalendar.TwentyFourSeven,
        ICalendarSource.OfficeHours => _officeHours.Value,
        _ => null,
    });

    /// <summary>Past tickets and far deadlines both need holidays: a generous span of years.</summary>
    public static IEnumerable<int> HolidayYears() => Enumerable.Range(DateTime.UtcNow.Year - 5, 30);
}
