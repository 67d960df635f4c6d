using System.Globalization;
using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// S1 over HTTP: everyone signed in reads the business calendars, their holidays and due times (so
/// that agents and customers see the same figures); admins edit calendars and record holiday changes.
/// </summary>
public static class CalendarEndpoints
{
    /// <summary>About seven years of office hours: beyond any SLA target, within the years whose holidays are known.</summary>
    public const int MaxDueMinutes = 1_000_000;

    /// <summary>A closure longer than this is a change of opening hours, not a closure.</summary>
    public const int MaxClosureDays = 366;

    public sealed record WeekHours(IReadOnlyList<string> Monday, IReadOnlyList<string> Tuesday, IReadOnlyList<string> Wednesday,
        IReadOnlyList<string> Thursday, IReadOnlyList<string> Friday, IReadOnlyList<string> Saturday, IReadOnlyList<string> Sunday);

    public sealed record CalendarSummary(string Slug, string Name, string NameEn, string TimeZone, bool VietnameseHolidays, WeekHours Hours);

    public sealed record CalendarDetail(string Slug, string Name, string NameEn, string TimeZone, bool VietnameseHolidays, WeekHours Hours,
        IReadOnlyList<ClosureResponse> Closures, IReadOnlyList<MakeUpDayResponse> MakeUpDays, DateTime CreatedAt, DateTime UpdatedAt);

    /// <param name="Start">Local wall-clock time in the calendar's zone, <c>yyyy-MM-ddTHH:mm</c>, inclusive.</param>
    /// <param name="End">Local wall-clock time, exclusive: a whole day is <c>…T00:00</c> to the next day's <c>T00:00</c>.</param>
    public sealed record ClosureRequest(string? Start, string? End, string? Reason);

    public sealed record ClosureResponse(int Id, string Start, string End, string? Reason);

    public sealed record MakeUpDayRequest(string[]? Hours, string? Reason);

    public sealed record MakeUpDayResponse(DateOnly Date, IReadOnlyList<string> Hours, string? Reason);

    public sealed record HolidayResponse(DateOnly Date, string Key, string Name, string NameEn, HolidayKind Kind);

    /// <param name="Due">ISO 8601 in the calendar's offset at that moment.</param>
    public sealed record DueResponse(DateTimeOffset Due);

    public sealed record HolidayChangeResponse(int Id, int Year, string Action, string Key, DateOnly? Date, DateOnly? NewDate,
        IReadOnlyList<DateOnly>? Dates, string? Name, string? NameEn, HolidayKind? Kind, string? Reason,
        int ChangedById, string? ChangedByName, DateTime ChangedAt);

    /// <param name="Holidays">The year's national holidays with this change.</param>
    public sealed record HolidayChangeRecorded(HolidayChangeResponse Change, IReadOnlyList<HolidayResponse> Holidays);

    public sealed class ClosureValidator : AbstractValidator<ClosureRequest>
    {
        public ClosureValidator()
        {
            const string format = "A local time yyyy-MM-ddTHH:mm (the calendar's wall clock, no offset) from 1900 to 2199.";
            RuleFor(r => r.Start).Must(s => TryLocal(s, out _)).WithMessage(format);
            RuleFor(r => r.End).Must(s => TryLocal(s, out _)).WithMessage(format);
            RuleFor(r => r.End).Must((r, end) => TryLocal(r.Start, out var s) && TryLocal(end, out var e) && e > s)
                .WithMessage("The closure must end after it starts.")
                .Must((r, end) => TryLocal(r.Start, out var s) && TryLocal(end, out var e) && (e - s).TotalDays <= MaxClosureDays)
                .WithMessage($"A closure lasts at most {MaxClosureDays} days; change the weekly hours instead.")
                .When(r => TryLocal(r.Start, out _) && TryLocal(r.End, out _));
            RuleFor(r => r.Reason).MaximumLength(CalendarClosure.MaxReasonLength);
        }
    }

    public sealed class MakeUpDayValidator : AbstractValidator<MakeUpDayRequest>
    {
        public MakeUpDayValidator()
        {
            RuleFor(r => r.Hours).NotEmpty().WithMessage("A make-up day opens: give its hours, e.g. [\"08:30-18:00\"].")
                .Must(h => h is null || h.Length <= WeeklyHoursJson.MaxIntervalsPerDay).WithMessage($"At most {WeeklyHoursJson.MaxIntervalsPerDay} intervals a day.")
                .Custom((hours, context) =>
                {
                    if (hours is { Length: > 0 } && !OpeningHoursParser.TryParseAll(hours, out _, out var error))
                    {
                        context.AddFailure("hours", error);
                    }
                });
            RuleFor(r => r.Reason).MaximumLength(CalendarMakeUpDay.MaxReasonLength);
        }
    }

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/v1/calendars").WithTags("Calendars");

        calendars.MapGet("/", async (HaumaiDb db, CancellationToken ct) => TypedResults.Ok(
            (await db.Calendars.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct)).Select(Summary).ToList()))
            .WithName("ListCalendars").RequireAuthorization(AuthSetup.ApiPolicy);

        calendars.MapGet("/{slug}", async Task<Results<Ok<CalendarDetail>, ProblemHttpResult>> (string slug, HaumaiDb db, CancellationToken ct) =>
            await LoadAsync(db, slug, tracked: false, ct) is { } calendar ? TypedResults.Ok(Detail(calendar)) : NoCalendar(slug))
            .WithName("GetCalendar").RequireAuthorization(AuthSetup.ApiPolicy);

        calendars.MapGet("/{slug}/holidays", HolidaysAsync).WithName("ListCalendarHolidays").RequireAuthorization(AuthSetup.ApiPolicy);
        calendars.MapGet("/{slug}/due", DueAsync).WithName("ComputeDueTime").RequireAuthorization(AuthSetup.ApiPolicy);

        calendars.MapPost("/", async Task<Results<Created<CalendarDetail>, ValidationProblem>> (SaveCalendar.Request request, SaveCalendar.Handler handler, CancellationToken ct) =>
            await handler.CreateAsync(request, ct) switch
            {
                { Outcome: SaveCalendar.Outcome.Saved, Calendar: { } c } => TypedResults.Created($"/api/v1/calendars/{c.Slug}", Detail(c)),
                var r => Validation.Problem(r.Field!, r.Error!),
            })
            .WithName("CreateCalendar").Validate<SaveCalendar.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        calendars.MapPut("/{slug}", async Task<Results<Ok<CalendarDetail>, ProblemHttpResult, ValidationProblem>> (string slug, SaveCalendar.Request request, SaveCalendar.Handler handler, CancellationToken ct) =>
            await handler.UpdateAsync(slug, request, ct) switch
            {
                { Outcome: SaveCalendar.Outcome.Saved, Calendar: { } c } => TypedResults.Ok(Detail(c)),
                { Outcome: SaveCalendar.Outcome.NotFound } => NoCalendar(slug),
                var r => Validation.Problem(r.Field!, r.Error!),
            })
            .WithName("UpdateCalendar").Validate<SaveCalendar.Request>().RequireAuthorization(AuthSetup.AdminPolicy);

        calendars.MapPost("/{slug}/closures", AddClosureAsync).WithName("AddCalendarClosure")
            .Validate<ClosureRequest>().RequireAuthorization(AuthSetup.AdminPolicy);
        calendars.MapDelete("/{slug}/closures/{id:int}", RemoveClosureAsync).WithName("RemoveCalendarClosure")
            .RequireAuthorization(AuthSetup.AdminPolicy);
        calendars.MapPut("/{slug}/make-up-days/{date}", SetMakeUpDayAsync).WithName("SetCalendarMakeUpDay")
            .Validate<MakeUpDayRequest>().RequireAuthorization(AuthSetup.AdminPolicy);
        calendars.MapDelete("/{slug}/make-up-days/{date}", RemoveMakeUpDayAsync).WithName("RemoveCalendarMakeUpDay")
            .RequireAuthorization(AuthSetup.AdminPolicy);

        var changes = app.MapGroup("/api/v1/holidays/{year}/changes").WithTags("Calendars").RequireAuthorization(AuthSetup.AdminPolicy);
        changes.MapGet("/", ListHolidayChangesAsync).WithName("ListHolidayChanges");
        changes.MapPost("/", RecordHolidayChangeAsync).WithName("RecordHolidayChange").Validate<RecordHolidayChange.Request>();

        return app;
    }

    private static async Task<Results<Ok<List<HolidayResponse>>, ProblemHttpResult, ValidationProblem>> HolidaysAsync(
        string slug, string? year, HaumaiDb db, ILoggerFactory loggers, CancellationToken ct)
    {
        var observes = await db.Calendars.AsNoTracking().Where(c => c.Slug == slug).Select(c => (bool?)c.VietnameseHolidays).FirstOrDefaultAsync(ct);
        if (observes is null)
        {
            return NoCalendar(slug);
        }
        if (!TryYear(year, out var y))
        {
            return Validation.Problem("year", $"The year is required, a number from {RecordHolidayChange.MinYear} to {RecordHolidayChange.MaxYear}.");
        }
        if (observes == false)
        {
            return TypedResults.Ok(new List<HolidayResponse>());
        }
        var holidays = await HolidayLog.HolidaysOfAsync(db, y, loggers.CreateLogger(typeof(CalendarEndpoints)), ct);
        return TypedResults.Ok(holidays.Select(Response).ToList());
    }

    /// <summary>Reads the compiled calendar (<see cref="ICalendarSource"/>), exactly what the SLA clocks use.</summary>
    private static async Task<Results<Ok<DueResponse>, ProblemHttpResult, ValidationProblem>> DueAsync(
        string slug, string? from, string? minutes, ICalendarSource source, CancellationToken ct)
    {
        var calendar = await source.FindAsync(slug, ct);
        if (calendar is null)
        {
            return NoCalendar(slug);
        }
        var errors = new Dictionary<string, string[]>();
        if (!TryInstant(from, out var start))
        {
            errors["from"] = ["An ISO 8601 date and time with its offset, e.g. 2026-02-13T17:00:00+07:00, from 1900 to 2199."];
        }
        if (!long.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxDueMinutes)
        {
            errors["minutes"] = [$"A whole number of business minutes from 0 to {MaxDueMinutes}."];
        }
        if (errors.Count > 0)
        {
            return Validation.Problem(errors);
        }
        try
        {
            return TypedResults.Ok(new DueResponse(calendar.AddBusinessMinutes(start, count)));
        }
        catch (ArgumentOutOfRangeException)
        {
            return Validation.Problem("minutes", "The due time would fall outside the years the calendar supports.");
        }
    }

    private static async Task<Results<Created<ClosureResponse>, ProblemHttpResult>> AddClosureAsync(
        string slug, ClosureRequest request, HaumaiDb db, TimeProvider clock, StoredCalendars source, CancellationToken ct)
    {
        var calendar = await LoadAsync(db, slug, tracked: true, ct);
        if (calendar is null)
        {
            return NoCalendar(slug);
        }
        TryLocal(request.Start, out var start);
        TryLocal(request.End, out var end);
        var closure = calendar.AddClosure(start, end, request.Reason, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        source.Invalidate(calendar.Slug);
        return TypedResults.Created($"/api/v1/calendars/{calendar.Slug}", Response(closure));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveClosureAsync(
        string slug, int id, HaumaiDb db, TimeProvider clock, StoredCalendars source, CancellationToken ct)
    {
        var calendar = await LoadAsync(db, slug, tracked: true, ct);
        if (calendar is null)
        {
            return NoCalendar(slug);
        }
        if (!calendar.RemoveClosure(id, clock.GetUtcNow().UtcDateTime))
        {
            return Problems.NotFoundResult($"Calendar {slug} has no closure {id}.");
        }
        await db.SaveChangesAsync(ct);
        source.Invalidate(calendar.Slug);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MakeUpDayResponse>, ProblemHttpResult, ValidationProblem>> SetMakeUpDayAsync(
        string slug, string date, MakeUpDayRequest request, HaumaiDb db, TimeProvider clock, StoredCalendars source,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var calendar = await LoadAsync(db, slug, tracked: true, ct);
        if (calendar is null)
        {
            return NoCalendar(slug);
        }
        if (!TryDate(date, out var day))
        {
            return Validation.Problem("date", $"A date yyyy-MM-dd from {RecordHolidayChange.MinYear} to {RecordHolidayChange.MaxYear}.");
        }
        if (calendar.VietnameseHolidays
            && await SaveCalendar.MakeUpDayOnHolidayAsync(db, [day], loggers.CreateLogger(typeof(CalendarEndpoints)), ct) is { } clash)
        {
            return Validation.Problem("date", clash);
        }
        OpeningHoursParser.TryParseAll(request.Hours!, out var hours, out _);
        var makeUp = calendar.SetMakeUpDay(day, hours, request.Reason, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        source.Invalidate(calendar.Slug);
        return TypedResults.Ok(Response(makeUp));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveMakeUpDayAsync(
        string slug, string date, HaumaiDb db, TimeProvider clock, StoredCalendars source, CancellationToken ct)
    {
        var calendar = await LoadAsync(db, slug, tracked: true, ct);
        if (calendar is null)
        {
            return NoCalendar(slug);
        }
        if (!TryDate(date, out var day))
        {
            return Validation.Problem("date", "A date yyyy-MM-dd.");
        }
        if (!calendar.RemoveMakeUpDay(day, clock.GetUtcNow().UtcDateTime))
        {
            return Problems.NotFoundResult($"Calendar {slug} has no make-up day on {date}.");
        }
        await db.SaveChangesAsync(ct);
        source.Invalidate(calendar.Slug);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<HolidayChangeResponse>>, ValidationProblem>> ListHolidayChangesAsync(
        string year, HaumaiDb db, CancellationToken ct)
    {
        if (!TryYear(year, out var y))
        {
            return Validation.Problem("year", $"The year is a number from {RecordHolidayChange.MinYear} to {RecordHolidayChange.MaxYear}.");
        }
        var log = await (from c in db.HolidayChanges.AsNoTracking()
                         join u in db.Users.AsNoTracking() on c.ChangedById equals u.Id
                         where c.Year == y
                         orderby c.Id
                         select new { Change = c, u.Name }).ToListAsync(ct);
        return TypedResults.Ok(log.Select(e => Response(e.Change, e.Name)).ToList());
    }

    private static async Task<Results<Created<HolidayChangeRecorded>, ValidationProblem>> RecordHolidayChangeAsync(
        string year, RecordHolidayChange.Request request, RecordHolidayChange.Handler handler, CurrentUser user, CancellationToken ct)
    {
        if (!TryYear(year, out var y))
        {
            return Validation.Problem("year", $"The year is a number from {RecordHolidayChange.MinYear} to {RecordHolidayChange.MaxYear}.");
        }
        var result = await handler.HandleAsync(y, request, ct);
        if (result is not { Outcome: RecordHolidayChange.Outcome.Recorded, Change: { } change, Holidays: { } holidays })
        {
            return Validation.Problem(result.Field!, result.Error!);
        }
        return TypedResults.Created($"/api/v1/holidays/{y}/changes",
            new HolidayChangeRecorded(Response(change, user.Name), holidays.Select(Response).ToList()));
    }

    private static Task<Calendar?> LoadAsync(HaumaiDb db, string slug, bool tracked, CancellationToken ct)
    {
        var query = db.Calendars.Include(c => c.Closures).Include(c => c.MakeUpDays).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Slug == slug, ct);
    }

    private static ProblemHttpResult NoCalendar(string slug) => Problems.NotFoundResult($"There is no calendar '{slug}'.");

    private static bool TryYear(string? text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year)
        && year is >= RecordHolidayChange.MinYear and <= RecordHolidayChange.MaxYear;

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && date.Year is >= RecordHolidayChange.MinYear and <= RecordHolidayChange.MaxYear;

    private static bool TryLocal(string? text, out DateTime local) =>
        LocalTimeText.TryParse(text, out local) && local.Year is >= RecordHolidayChange.MinYear and <= RecordHolidayChange.MaxYear;

    private static readonly string[] InstantFormats =
        ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>
    /// An ISO 8601 instant that states its offset (Z or ±HH:mm). Without one the server would have to
    /// guess a zone, and a due time off by seven hours is worse than a 400.
    /// </summary>
    private static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            text = text[..^1] + "+00:00";
        }
        // An unescaped '+' in a query string arrives as a space: "…T17:00:00 07:00" can only mean +07:00.
        else if (text.Length > 6 && text[^6] == ' ' && text[^3] == ':')
        {
            text = text[..^6] + "+" + text[^5..];
        }
        return DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant)
            && instant.Year is >= RecordHolidayChange.MinYear and <= RecordHolidayChange.MaxYear;
    }

    private static WeekHours Hours(Calendar calendar)
    {
        var shown = WeeklyHoursJson.Show(calendar.Weekly);
        return new WeekHours(shown[DayOfWeek.Monday], shown[DayOfWeek.Tuesday], shown[DayOfWeek.Wednesday],
            shown[DayOfWeek.Thursday], shown[DayOfWeek.Friday], shown[DayOfWeek.Saturday], shown[DayOfWeek.Sunday]);
    }

    private static CalendarSummary Summary(Calendar c) => new(c.Slug, c.Name, c.NameEn, c.TimeZone, c.VietnameseHolidays, Hours(c));

    private static CalendarDetail Detail(Calendar c) => new(c.Slug, c.Name, c.NameEn, c.TimeZone, c.VietnameseHolidays, Hours(c),
        [.. c.Closures.OrderBy(x => x.LocalStart).ThenBy(x => x.Id).Select(Response)],
        [.. c.MakeUpDays.OrderBy(d => d.Date).Select(Response)],
        c.CreatedAt, c.UpdatedAt);

    private static ClosureResponse Response(CalendarClosure c) =>
        new(c.Id, LocalTimeText.Write(c.LocalStart), LocalTimeText.Write(c.LocalEnd), c.Reason);

    private static MakeUpDayResponse Response(CalendarMakeUpDay d) => new(d.Date, [.. d.Intervals.Select(h => h.ToString())], d.Reason);

    private static HolidayResponse Response(Holiday h) => new(h.Date, h.Key, h.NameVi, h.NameEn, h.Kind);

    private static HolidayChangeResponse Response(HolidayChange c, string? changedByName) => new(c.Id, c.Year,
        HolidayChangeActions.Name(c.Action), c.Key, c.Date, c.NewDate, c.Dates is null ? null : c.DateList,
        c.Name, c.NameEn, c.Kind, c.Reason, c.ChangedById, changedByName, c.ChangedAt);
}
