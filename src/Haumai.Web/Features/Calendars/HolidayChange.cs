using System.Globalization;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Calendars;

/// <summary>What an admin did to one year's national holidays (see <see cref="HolidayChange"/>).</summary>
public enum HolidayChangeAction
{
    /// <summary>An extra day off, under a new key.</summary>
    Add,

    /// <summary>A holiday (compensatory ones included) given another date.</summary>
    Move,

    /// <summary>A holiday that does not apply this year.</summary>
    Remove,

    /// <summary>Withdraws every earlier change of the key: the rules apply to it again.</summary>
    Restore,

    /// <summary>The Tết days the government fixed for the year (Điều 112 khoản 3).</summary>
    TetDays,

    /// <summary>The day before or after 2/9 the government fixed for the year (Điều 112 khoản 3).</summary>
    NationalDayAdjacent,
}

/// <summary>
/// One entry of the append-only holiday change log (<c>holiday_changes</c>): who changed which
/// holiday of which year, when and why. Entries are never edited or deleted; the year's
/// <see cref="HolidayYearAdjustments"/> is the fold of its entries in order (<see cref="HolidayLog.Fold"/>),
/// so the log is both the history and the truth.
/// </summary>
public sealed class HolidayChange
{
    public const int MaxKeyLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 500;

    /// <summary>The key under which <see cref="HolidayChangeAction.TetDays"/> decisions supersede each other.</summary>
    public const string TetDaysKey = "tet-days";

    private HolidayChange() { }

    public HolidayChange(int year, HolidayChangeAction action, string key, DateOnly? date, DateOnly? newDate,
        IReadOnlyList<DateOnly>? dates, string? name, string? nameEn, HolidayKind? kind, string? reason, int changedById, DateTime changedAt)
    {
        Year = year;
        Action = action;
        Key = key;
        Date = date;
        NewDate = newDate;
        Dates = dates is null ? null : string.Join(",", dates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Name = name?.Trim();
        NameEn = nameEn?.Trim();
        Kind = kind;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        ChangedById = changedById;
        ChangedAt = changedAt;
    }

    public int Id { get; private set; }
    public int Year { get; private set; }
    public HolidayChangeAction Action { get; private set; }

    /// <summary>The <see cref="Holiday.Key"/> concerned; <see cref="TetDaysKey"/> and <see cref="VietnameseHolidays.NationalDayAdjacentKey"/> for the two decisions.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Add and national-day-adjacent: the day. Move and remove: the date the holiday had, for the record.</summary>
    public DateOnly? Date { get; private set; }

    /// <summary>Move: where the holiday goes.</summary>
    public DateOnly? NewDate { get; private set; }

    /// <summary>Tết days: the dates, <c>yyyy-MM-dd</c> joined by commas.</summary>
    public string? Dates { get; private set; }

    /// <summary>Add: the holiday's names.</summary>
    public string? Name { get; private set; }
    public string? NameEn { get; private set; }

    /// <summary>Add: <see cref="HolidayKind.Fixed"/> (an extra day off) or <see cref="HolidayKind.Compensatory"/> (a day in lieu the government placed).</summary>
    public HolidayKind? Kind { get; private set; }

    public string? Reason { get; private set; }
    public int ChangedById { get; private set; }
    public DateTime ChangedAt { get; private set; }

    public IReadOnlyList<DateOnly> DateList => Dates is null
        ? []
        : [.. Dates.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];
}

/// <summary>The API and database names of <see cref="HolidayChangeAction"/>: kebab-case, as in the URLs.</summary>
public static class HolidayChangeActions
{
    private static readonly Dictionary<HolidayChangeAction, string> Names = new()
    {
        [HolidayChangeAction.Add] = "add",
        [HolidayChangeAction.Move] = "move",
        [HolidayChangeAction.Remove] = "remove",
        [HolidayChangeAction.Restore] = "restore",
        [HolidayChangeAction.TetDays] = "tet-days",
        [HolidayChangeAction.NationalDayAdjacent] = "national-day-adjacent",
    };

    public static string All => string.Join(", ", Names.Values);

    public static string Name(HolidayChangeAction action) => Names[action];

    public static HolidayChangeAction Parse(string name) =>
        TryParse(name, out var action) ? action : throw new ArgumentException($"'{name}' is not a holiday change action.", nameof(name));

    public static bool TryParse(string? name, out HolidayChangeAction action)
    {
        foreach (var (a, n) in Names)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                action = a;
                return true;
            }
        }
        action = default;
        return false;
    }
}

/// <summary>Turns a year's change log into what <see cref="VietnameseHolidays.For"/> takes.</summary>
public static class HolidayLog
{
    /// <summary>
    /// Folds the changes of one year, oldest first. A change of a key supersedes the earlier ones of
    /// the same key: moving then removing a holiday removes it; adding then moving an extra day moves
    /// the extra day; removing an extra day withdraws it; restore forgets everything about the key.
    /// Null when nothing is left to adjust.
    /// </summary>
    public static HolidayYearAdjustments? Fold(int year, IEnumerable<HolidayChange> changes)
    {
        var state = new Dictionary<string, HolidayChange>(StringComparer.Ordinal);
        var added = new Dictionary<string, Holiday>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Year != year)
            {
                throw new ArgumentException($"Change {change.Id} is for {change.Year}, not {year}.", nameof(changes));
            }
            var key = change.Key;
            switch (change.Action)
            {
                case HolidayChangeAction.Add:
                    added[key] = new Holiday(change.Date!.Value, key, change.Name ?? key, change.NameEn ?? key, change.Kind ?? HolidayKind.Fixed);
                    state.Remove(key);
                    break;
                case HolidayChangeAction.Move when added.TryGetValue(key, out var extra):
                    added[key] = extra with { Date = change.NewDate!.Value };
                    break;
                case HolidayChangeAction.Remove when added.Remove(key):
                    break;
                case HolidayChangeAction.Restore:
                    added.Remove(key);
                    state.Remove(key);
                    break;
                default:
                    state[key] = change;
                    break;
            }
        }
        if (state.Count == 0 && added.Count == 0)
        {
            return null;
        }
        var kept = state.Values.ToList();
        return new HolidayYearAdjustments
        {
            Year = year,
            TetDays = kept.LastOrDefault(c => c.Action == HolidayChangeAction.TetDays)?.DateList,
            NationalDayAdjacentDay = kept.LastOrDefault(c => c.Action == HolidayChangeAction.NationalDayAdjacent)?.Date,
            Added = [.. added.Values],
            Moved = [.. kept.Where(c => c.Action == HolidayChangeAction.Move).Select(c => new HolidayMove(c.Key, c.NewDate!.Value))],
            Removed = [.. kept.Where(c => c.Action == HolidayChangeAction.Remove).Select(c => c.Key)],
        };
    }

    /// <summary>The national holidays of <paramref name="year"/> after its changes (oldest first). Throws <see cref="ArgumentException"/> when they do not fit the year.</summary>
    public static IReadOnlyList<Holiday> HolidaysOf(int year, IEnumerable<HolidayChange> changes) =>
        VietnameseHolidays.For(year, Fold(year, changes));

    /// <summary>
    /// As <see cref="HolidaysOf"/>, for use: every change is checked against its year before it is
    /// recorded, so only a change of the rules themselves can make a year's log stop fitting; the
    /// rules alone are then the best answer left, and the error is logged for an admin to act on.
    /// </summary>
    public static IReadOnlyList<Holiday> Effective(int year, IEnumerable<HolidayChange> changes, ILogger logger)
    {
        try
        {
            return HolidaysOf(year, changes);
        }
        catch (ArgumentException e)
        {
            logger.LogError(e, "The recorded holiday changes of {Year} no longer apply; that year uses the Labor Code rules alone.", year);
            return VietnameseHolidays.For(year);
        }
    }

    /// <summary>A year's log, oldest first.</summary>
    public static Task<List<HolidayChange>> ReadAsync(HaumaiDb db, int year, CancellationToken ct) =>
        db.HolidayChanges.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.Id).ToListAsync(ct);

    /// <summary>The national holidays of <paramref name="year"/> as they stand in the database.</summary>
    public static async Task<IReadOnlyList<Holiday>> HolidaysOfAsync(HaumaiDb db, int year, ILogger logger, CancellationToken ct) =>
        Effective(year, await ReadAsync(db, year, ct), logger);
}
