namespace Haumai.Web.Features.Calendars;

/// <summary>
/// What a business calendar (lịch làm việc) is made of, as plain data: a <see cref="BusinessCalendar"/>
/// is compiled from it and validates it. All times are the calendar's local wall-clock time in
/// <see cref="TimeZoneId"/>. Holidays are plain dates so that this type does not depend on where
/// they come from (computed Vietnamese holidays, an admin's list, a test).
/// </summary>
public sealed record BusinessCalendarDefinition
{
    public const string DefaultTimeZoneId = "Asia/Ho_Chi_Minh";

    /// <summary>IANA id, found with <see cref="TimeZoneInfo.FindSystemTimeZoneById"/>.</summary>
    public string TimeZoneId { get; init; } = DefaultTimeZoneId;

    /// <summary>
    /// Opening hours per weekday; a missing or empty day is closed. Overlapping or touching intervals
    /// of one day are joined (08:00-12:00 and 12:00-13:00 are one interval 08:00-13:00).
    /// </summary>
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Weekly { get; init; } =
        new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>();

    /// <summary>Dates closed all day, whatever their weekday.</summary>
    public IReadOnlyCollection<DateOnly> Holidays { get; init; } = [];

    /// <summary>
    /// Normally closed dates that open with their own hours (Vietnam moves a working day to a Saturday
    /// to bridge a holiday). A date may not be both a holiday and a make-up day: that contradiction is
    /// rejected rather than guessed at.
    /// </summary>
    public IReadOnlyList<MakeUpDay> MakeUpDays { get; init; } = [];

    /// <summary>One-off closures, applied after holidays and make-up days; they may span several days.</summary>
    public IReadOnlyList<Closure> Closures { get; init; } = [];

    /// <summary>The same hours Monday to Friday; Saturday and Sunday closed.</summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> MondayToFriday(params OpeningHours[] hours) =>
        Days(hours, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);

    /// <summary>The same hours on all seven days.</summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> EveryDay(params OpeningHours[] hours) =>
        Days(hours, Enum.GetValues<DayOfWeek>());

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Days(OpeningHours[] hours, params DayOfWeek[] days) =>
        days.ToDictionary(d => d, _ => (IReadOnlyList<OpeningHours>)[.. hours]);

    /// <summary>A normally closed <paramref name="Date"/> that opens with <paramref name="Hours"/>.</summary>
    public sealed record MakeUpDay(DateOnly Date, IReadOnlyList<OpeningHours> Hours);

    /// <summary>
    /// Closed from <paramref name="LocalStart"/> (inclusive) to <paramref name="LocalEnd"/> (exclusive), in
    /// local wall-clock time: both must be <see cref="DateTimeKind.Unspecified"/>, so that a UTC value
    /// cannot be taken for a local one by mistake.
    /// </summary>
    public sealed record Closure(DateTime LocalStart, DateTime LocalEnd);
}
