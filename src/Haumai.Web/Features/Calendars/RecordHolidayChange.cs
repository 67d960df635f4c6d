using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// S1: an admin adds, moves or removes a national holiday of a year, or records the government's
/// decision on the year's Tết days or the day next to 2/9. The change is appended to the log with who
/// and when; it is refused when the year's holidays would no longer add up.
/// </summary>
public static class RecordHolidayChange
{
    public const int MinYear = 1900;
    public const int MaxYear = 2199;
    public const int MaxTetDays = 10;

    /// <param name="Action">add, move, remove, restore, tet-days or national-day-adjacent.</param>
    /// <param name="Key">The holiday's key (move, remove, restore); the new holiday's key for add (made from the date when left out).</param>
    /// <param name="Date">Add: the extra day off. National-day-adjacent: 1/9 or 3/9.</param>
    /// <param name="NewDate">Move: where the holiday goes.</param>
    /// <param name="Dates">Tết days: all of the year's Tết days.</param>
    /// <param name="Kind">Add: fixed (an extra day off, the default) or compensatory (a day in lieu the government placed).</param>
    public sealed record Request(string? Action, string? Key, DateOnly? Date, DateOnly? NewDate, List<DateOnly>? Dates,
        string? Name, string? NameEn, string? Kind, string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Action).Must(a => HolidayChangeActions.TryParse(a, out _))
                .WithMessage($"Action must be one of: {HolidayChangeActions.All}.");
            RuleFor(r => r.Key).MaximumLength(HolidayChange.MaxKeyLength).Matches(SaveCalendar.SlugPattern)
                .WithMessage("A holiday key is lower-case letters, digits and dashes.").When(r => r.Key is not null);
            RuleFor(r => r.Name).MaximumLength(HolidayChange.MaxNameLength);
            RuleFor(r => r.NameEn).MaximumLength(HolidayChange.MaxNameLength);
            RuleFor(r => r.Reason).MaximumLength(HolidayChange.MaxReasonLength);
            RuleFor(r => r).Custom((r, context) =>
            {
                if (!HolidayChangeActions.TryParse(r.Action, out var action))
                {
                    return;
                }
                var name = HolidayChangeActions.Name(action);
                void Require(bool present, string field, string message)
                {
                    if (!present)
                    {
                        context.AddFailure(field, message);
                    }
                }
                // A field the action does not use is refused rather than ignored: "move" with "date" is
                // most likely someone expecting it to be the new date.
                void Unused(bool present, string field)
                {
                    if (present)
                    {
                        context.AddFailure(field, $"Not used by a '{name}' change.");
                    }
                }
                var key = r.Key is not null;
                var names = r.Name is not null || r.NameEn is not null;
                switch (action)
                {
                    case HolidayChangeAction.Add:
                        Require(r.Date is not null, "date", "The day off is required.");
                        Require(!string.IsNullOrWhiteSpace(r.Name), "name", "The Vietnamese name is required.");
                        Require(!string.IsNullOrWhiteSpace(r.NameEn), "nameEn", "The English name is required.");
                        Require(r.Kind is null || (Enums.TryParse<HolidayKind>(r.Kind, out var kind) && kind is HolidayKind.Fixed or HolidayKind.Compensatory),
                            "kind", "Kind must be fixed or compensatory.");
                        Unused(r.NewDate is not null, "newDate");
                        Unused(r.Dates is not null, "dates");
                        break;
                    case HolidayChangeAction.Move:
                        Require(key, "key", "The key of the holiday to move is required.");
                        Require(r.NewDate is not null, "newDate", "The new date is required.");
                        Unused(r.Date is not null, "date");
                        Unused(r.Dates is not null, "dates");
                        Unused(names, "name");
                        Unused(r.Kind is not null, "kind");
                        break;
                    case HolidayChangeAction.Remove or HolidayChangeAction.Restore:
                        Require(key, "key", "The holiday's key is required.");
                        Unused(r.Date is not null, "date");
                        Unused(r.NewDate is not null, "newDate");
                        Unused(r.Dates is not null, "dates");
                        Unused(names, "name");
                        Unused(r.Kind is not null, "kind");
                        break;
                    case HolidayChangeAction.TetDays:
                        Require(r.Dates is { Count: > 0 and <= MaxTetDays } && r.Dates.Distinct().Count() == r.Dates.Count,
                            "dates", $"The Tết days are 1 to {MaxTetDays} distinct dates.");
                        Unused(key, "key");
                        Unused(r.Date is not null, "date");
                        Unused(r.NewDate is not null, "newDate");
                        Unused(names, "name");
                        Unused(r.Kind is not null, "kind");
                        break;
                    case HolidayChangeAction.NationalDayAdjacent:
                        Require(r.Date is not null, "date", "The day next to 2/9 (1/9 or 3/9) is required.");
                        Unused(key, "key");
                        Unused(r.NewDate is not null, "newDate");
                        Unused(r.Dates is not null, "dates");
                        Unused(names, "name");
                        Unused(r.Kind is not null, "kind");
                        break;
                }
            });
        }
    }

    public enum Outcome { Recorded, Invalid }

    public sealed record Result(Outcome Outcome, HolidayChange? Change = null, IReadOnlyList<Holiday>? Holidays = null,
        string? Field = null, string? Error = null);

    public sealed class Handler(HaumaiDb db, CurrentUser user, TimeProvider clock, StoredCalendars calendars, ILogger<Handler> logger)
    {
        // With the year, the key of PostgreSQL's transaction lock that makes one year's changes queue up.
        private const int LockClass = 0x486f6c69; // "Holi"

        public async Task<Result> HandleAsync(int year, Request request, CancellationToken ct)
        {
            if (year is < MinYear or > MaxYear)
            {
                return Invalid("year", $"The year must be from {MinYear} to {MaxYear}.");
            }
            var action = HolidayChangeActions.Parse(request.Action!);
            // The field that carries the change's date(s), named when that date is the trouble.
            var field = action switch
            {
                HolidayChangeAction.Add => "date",
                HolidayChangeAction.Move => "newDate",
                HolidayChangeAction.TetDays => "dates",
                HolidayChangeAction.NationalDayAdjacent => "date",
                _ => "key",
            };
            var outOfYear = action switch
            {
                HolidayChangeAction.Add or HolidayChangeAction.NationalDayAdjacent => request.Date!.Value.Year != year,
                HolidayChangeAction.Move => request.NewDate!.Value.Year != year,
                HolidayChangeAction.TetDays => request.Dates!.Any(d => d.Year != year),
                _ => false,
            };
            if (outOfYear)
            {
                return Invalid(field, $"A change of {year}'s holidays must fall in {year}.");
            }

            await using var tx = await db.BeginWriteTransactionAsync(ct);
            if (!db.IsSqlite)
            {
                // Each change is checked against the log as it stands; two admins changing one year at
                // once must not both pass against the same log. SQLite's write gate already serialises.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {year})", ct);
            }
            var log = await HolidayLog.ReadAsync(db, year, ct);
            var before = HolidayLog.Effective(year, log, logger);
            var key = action switch
            {
                HolidayChangeAction.TetDays => HolidayChange.TetDaysKey,
                HolidayChangeAction.NationalDayAdjacent => VietnameseHolidays.NationalDayAdjacentKey,
                HolidayChangeAction.Add when request.Key is null => $"added-{request.Date:yyyy-MM-dd}",
                _ => request.Key!.Trim().ToLowerInvariant(),
            };
            if (action == HolidayChangeAction.Add && before.Any(h => h.Key == key))
            {
                return Invalid("key", $"{year} already has a holiday {key}: move it, or give the new one another key.");
            }
            if (action == HolidayChangeAction.Restore && !log.Any(c => c.Key == key))
            {
                return Invalid("key", $"Nothing about {key} is recorded for {year}: there is nothing to restore.");
            }
            var date = action switch
            {
                HolidayChangeAction.Add or HolidayChangeAction.NationalDayAdjacent => request.Date,
                // For the record: where the holiday was when it was moved or removed.
                _ => before.FirstOrDefault(h => h.Key == key)?.Date,
            };
            var change = new HolidayChange(year, action, key, date,
                action == HolidayChangeAction.Move ? request.NewDate : null,
                action == HolidayChangeAction.TetDays ? request.Dates : null,
                request.Name, request.NameEn,
                action == HolidayChangeAction.Add ? (request.Kind is { } k ? Enums.Parse<HolidayKind>(k) : HolidayKind.Fixed) : null,
                request.Reason, user.Id, clock.GetUtcNow().UtcDateTime);

            IReadOnlyList<Holiday> after;
            try
            {
                after = HolidayLog.HolidaysOf(year, [.. log, change]);
            }
            catch (ArgumentException e)
            {
                // The dates were checked above, so what is left to go wrong is a key (unknown, taken) or the decision itself.
                var rejected = action is HolidayChangeAction.TetDays or HolidayChangeAction.NationalDayAdjacent ? field : "key";
                return Invalid(rejected, e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
            }

            var newDates = after.Select(h => h.Date).Except(before.Select(h => h.Date)).ToList();
            if (newDates.Count > 0)
            {
                var clash = await (from d in db.Set<CalendarMakeUpDay>().AsNoTracking()
                                   join c in db.Calendars.AsNoTracking() on d.CalendarId equals c.Id
                                   where c.VietnameseHolidays && newDates.Contains(d.Date)
                                   orderby d.Date, c.Slug
                                   select new { c.Slug, d.Date }).FirstOrDefaultAsync(ct);
                if (clash is not null)
                {
                    return Invalid(field, $"{clash.Date:yyyy-MM-dd} is a make-up day of calendar {clash.Slug}; remove the make-up day first.");
                }
            }

            db.HolidayChanges.Add(change);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            calendars.Invalidate();
            return new Result(Outcome.Recorded, change, after);
        }

        private static Result Invalid(string field, string error) => new(Outcome.Invalid, Field: field, Error: error);
    }
}
