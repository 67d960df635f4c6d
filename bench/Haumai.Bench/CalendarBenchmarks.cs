using BenchmarkDotNet.Attributes;
using Haumai.Web.Features.Calendars;

namespace Haumai.Bench;

/// <summary>
/// Issue 4's speed target: one due-time computation (8 business hours on office hours, from a random
/// moment in a year with holidays) at 1,000,000 or more per second on one core. The starts are drawn
/// once, so the figure is the calendar's, not the random generator's; 4,096 of them cycle so that
/// branch prediction cannot learn a single case.
/// </summary>
[MemoryDiagnoser]
[OperationsPerSecond]
public class CalendarBenchmarks
{
    private const int Starts = 4096;

    /// <summary>Vietnam's public holidays of 2026, as the holiday feature will compute them.</summary>
    private static readonly DateOnly[] Holidays2026 =
    [
        new(2026, 1, 1),
        new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 2, 19), new(2026, 2, 20), // Tết
        new(2026, 4, 26), new(2026, 4, 27), // Hùng Kings' day falls on a Sunday: Monday is given instead
        new(2026, 4, 30), new(2026, 5, 1),
        new(2026, 9, 1), new(2026, 9, 2),
    ];

    private readonly DateTimeOffset[] _starts = new DateTimeOffset[Starts];
    private BusinessCalendar _office = null!;
    private BusinessCalendar _officeInParis = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _office = BusinessCalendar.OfficeHours(Holidays2026);
        // The same hours and holidays in a zone with daylight saving, to show what the DST-safe path costs.
        _officeInParis = new BusinessCalendar(new BusinessCalendarDefinition
        {
            TimeZoneId = "Europe/Paris",
            Weekly = BusinessCalendarDefinition.MondayToFriday(OpeningHours.Parse("08:30-18:00")),
            Holidays = Holidays2026,
        });
        var random = new Random(2026);
        var year = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; i < Starts; i++)
        {
            _starts[i] = year.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365));
        }
    }

    [Benchmark(Baseline = true)]
    public DateTimeOffset DueIn8BusinessHours() => _office.AddBusinessMinutes(_starts[_next++ & (Starts - 1)], 480);

    [Benchmark]
    public DateTimeOffset DueIn8BusinessHoursParis() => _officeInParis.AddBusinessMinutes(_starts[_next++ & (Starts - 1)], 480);

    /// <summary>An SLA clock's elapsed business minutes over up to a week.</summary>
    [Benchmark]
    public long MinutesBetweenWithinAWeek()
    {
        var from = _starts[_next++ & (Starts - 1)];
        return _office.BusinessMinutesBetween(from, from.AddTicks(from.Ticks % (7 * TimeSpan.TicksPerDay)));
    }

    [Benchmark]
    public DateTimeOffset DueIn8HoursTwentyFourSeven() => BusinessCalendar.TwentyFourSeven.AddBusinessMinutes(_starts[_next++ & (Starts - 1)], 480);
}
