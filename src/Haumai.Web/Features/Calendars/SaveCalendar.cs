using FluentValidation;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Calendars;

/// <summary>S1: an admin creates a business calendar or replaces its definition (names, zone, weekly hours, holidays).</summary>
public static class SaveCalendar
{
    public const string SlugPattern = "^[a-z0-9][a-z0-9-]*$";

    /// <param name="Slug">Required to create; on update, if given, it must be the calendar's own.</param>
    /// <param name="TimeZone">IANA id; left out, Asia/Ho_Chi_Minh for a new calendar and unchanged on update.</param>
    /// <param name="Hours">Per weekday (<c>monday</c> … <c>sunday</c>), intervals <c>HH:mm-HH:mm</c>; a missing day is closed.</param>
    /// <param name="VietnameseHolidays">
    /// Whether the national holidays close the calendar; left out, true for a new calendar and unchanged
    /// on update (so that renaming <c>24x7</c> cannot give it holidays by accident).
    /// </param>
    public sealed record Request(string? Slug, string? Name, string? NameEn, string? TimeZone,
        Dictionary<string, string[]?>? Hours, bool? VietnameseHolidays);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Slug).MaximumLength(64).Matches(SlugPattern).WithMessage("A slug is lower-case letters, digits and dashes.")
                .When(r => r.Slug is not null);
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.NameEn).NotEmpty().MaximumLength(200);
            RuleFor(r => r.TimeZone).Must(tz => tz is null || FindIanaZone(tz) is not null)
                .WithMessage($"Not an IANA time zone id (such as {BusinessCalendarDefinition.DefaultTimeZoneId}) known to this server.");
            RuleFor(r => r.Hours).Custom((hours, context) =>
            {
                var errors = new Dictionary<string, string[]>();
                WeeklyHoursJson.Parse(hours, errors);
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        context.AddFailure(field, message);
                    }
                }
            });
        }
    }

    /// <summary>
    /// The zone of an IANA id, spelt exactly, or null. Windows ids are refused even where the server
    /// could translate them, and so are ids in another case (which .NET finds or not depending on what
    /// it has cached and on the file system): the stored id must mean the same on every server.
    /// </summary>
    public static TimeZoneInfo? FindIanaZone(string id)
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId && zone.Id == id ? zone : null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    public enum Outcome { Saved, NotFound, Invalid }

    public sealed record Result(Outcome Outcome, Calendar? Calendar = null, string? Field = null, string? Error = null);

    public sealed class Handler(HaumaiDb db, TimeProvider clock, StoredCalendars calendars, ILogger<Handler> logger)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(request.Slug))
            {
                return new Result(Outcome.Invalid, Field: "slug", Error: "A new calendar needs a slug.");
            }
            var slug = request.Slug.Trim().ToLowerInvariant();
            if (await db.Calendars.AnyAsync(c => c.Slug == slug, ct))
            {
                return new Result(Outcome.Invalid, Field: "slug", Error: $"The slug '{slug}' is taken.");
            }
            var calendar = new Calendar(slug, request.Name!, request.NameEn!, request.TimeZone ?? BusinessCalendarDefinition.DefaultTimeZoneId,
                Weekly(request), request.VietnameseHolidays ?? true, clock.GetUtcNow().UtcDateTime);
            db.Calendars.Add(calendar);
            await db.SaveChangesAsync(ct);
            calendars.Invalidate(calendar.Slug);
            return new Result(Outcome.Saved, calendar);
        }

        public async Task<Result> UpdateAsync(string slug, Request request, CancellationToken ct)
        {
            var calendar = await db.Calendars.Include(c => c.Closures).Include(c => c.MakeUpDays).AsSplitQuery()
                .FirstOrDefaultAsync(c => c.Slug == slug, ct);
            if (calendar is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (request.Slug is { } renamed && renamed.Trim().ToLowerInvariant() != calendar.Slug)
            {
                return new Result(Outcome.Invalid, Field: "slug", Error: "A calendar's slug does not change: SLA policies and integrations refer to it.");
            }
            var holidays = request.VietnameseHolidays ?? calendar.VietnameseHolidays;
            if (holidays && !calendar.VietnameseHolidays
                && await MakeUpDayOnHolidayAsync(db, calendar.MakeUpDays.Select(d => d.Date), logger, ct) is { } clash)
            {
                return new Result(Outcome.Invalid, Field: "vietnameseHolidays", Error: clash);
            }
            calendar.Update(request.Name!, request.NameEn!, request.TimeZone ?? calendar.TimeZone, Weekly(request), holidays, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            calendars.Invalidate(calendar.Slug);
            return new Result(Outcome.Saved, calendar);
        }

        // The validator has checked the hours; this only reads them again.
        private static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Weekly(Request request) =>
            WeeklyHoursJson.Parse(request.Hours, new Dictionary<string, string[]>());
    }

    /// <summary>Why one of <paramref name="dates"/> cannot be a make-up day of a calendar that observes the national holidays, or null.</summary>
    internal static async Task<string?> MakeUpDayOnHolidayAsync(HaumaiDb db, IEnumerable<DateOnly> dates, ILogger logger, CancellationToken ct)
    {
        foreach (var year in dates.GroupBy(d => d.Year))
        {
            var holidays = await HolidayLog.HolidaysOfAsync(db, year.Key, logger, ct);
            if (holidays.FirstOrDefault(h => year.Contains(h.Date)) is { } holiday)
            {
                return $"{holiday.Date:yyyy-MM-dd} is a national holiday ({holiday.NameVi} / {holiday.NameEn}), so it cannot be a make-up day; remove the make-up day or the holiday first.";
            }
        }
        return null;
    }
}
