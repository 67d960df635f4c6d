using System.Collections.Frozen;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// The business calendars admins keep in the database, compiled and cached for the SLA clocks: a
/// look-up is a dictionary read, with no database and no allocation once loaded. Singleton and
/// thread-safe.
/// <para>
/// The whole set is loaded at once (a handful of calendars and 31 years of national holidays) in a
/// scope of its own, since a singleton cannot hold a pooled <see cref="HaumaiDb"/>. Saving a
/// calendar or a holiday change through the API calls <see cref="Invalidate"/> after its commit, so the
/// next look-up on this node sees it. Every node keeps its own copy, so a change saved on another
/// node is picked up by a reload in the background at most <see cref="MaxAge"/> later.
/// </para>
/// </summary>
public sealed class StoredCalendars(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StoredCalendars> logger) : ICalendarSource
{
    /// <summary>How far back and ahead of the current year holidays are known: old tickets and far deadlines both need them.</summary>
    public const int YearsBack = 5;
    public const int YearsAhead = 25;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _publish = new();
    private readonly BuiltInCalendars _builtIn = new();
    private FrozenDictionary<string, BusinessCalendar>? _calendars;
    private long _generation;
    private long _refreshDue;
    private int _refreshing;
    private CancellationTokenSource _changed = new();
    /// <summary>Calendars changed since <see cref="TakeChanged"/> last ran; null: all of them. Guarded by <c>_publish</c>.</summary>
    private HashSet<string>? _changedSlugs = new(StringComparer.Ordinal);

    public ValueTask<BusinessCalendar?> FindAsync(string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        var calendars = Volatile.Read(ref _calendars);
        if (calendars is null)
        {
            return LoadAndFindAsync(slug, ct);
        }
        if (Environment.TickCount64 >= Interlocked.Read(ref _refreshDue))
        {
            RefreshInBackground();
        }
        return ValueTask.FromResult(calendars.GetValueOrDefault(slug));
    }

    /// <summary>
    /// Forgets the compiled calendars: the next look-up reloads them. Call it after committing a change
    /// to a calendar (its slug) or to the holidays (no slug: every calendar may have moved). It also
    /// fires <see cref="GetChangeToken"/>'s token; <see cref="TakeChanged"/> says which calendars changed.
    /// </summary>
    public void Invalidate(string? changedSlug = null)
    {
        lock (_publish)
        {
            _generation++;
            Volatile.Write(ref _calendars, null);
            if (changedSlug is null)
            {
                _changedSlugs = null;
            }
            else
            {
                _changedSlugs?.Add(changedSlug);
            }
        }
        // Not disposed: a reader may still be asking the old source for its token, and a source
        // without timers holds nothing that needs disposing.
        var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        try
        {
            changed.Cancel();
        }
        catch (AggregateException e)
        {
            // The change is committed whatever a listener does with the news.
            logger.LogError(e, "A listener to business calendar changes failed.");
        }
    }

    /// <summary>
    /// Fires once when a calendar or the holidays change through this node (for work that depends on
    /// them, such as recomputing SLA due times); take a new token after it fired.
    /// </summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>
    /// The slugs of the calendars changed through this node since the last call, and forgets them;
    /// null when the holidays changed (every calendar may have moved). Lets the SLA recompute skip
    /// tickets whose policy counts in a calendar that did not change.
    /// </summary>
    public IReadOnlySet<string>? TakeChanged()
    {
        lock (_publish)
        {
            var changed = _changedSlugs;
            _changedSlugs = new HashSet<string>(StringComparer.Ordinal);
            return changed;
        }
    }

    /// <summary>
    /// Puts back what <see cref="TakeChanged"/> returned when the work it was for failed, without
    /// firing the token: the next change's recompute covers these calendars too.
    /// </summary>
    public void ReturnChanged(IReadOnlySet<string>? slugs)
    {
        lock (_publish)
        {
            if (slugs is null)
            {
                _changedSlugs = null;
            }
            else
            {
                _changedSlugs?.UnionWith(slugs);
            }
        }
    }

    /// <summary>The years whose holidays the compiled calendars know, around <paramref name="currentYear"/>.</summary>
    public static (int First, int Last) HolidayYears(int currentYear) =>
        (Math.Max(currentYear - YearsBack, VietnameseLunarCalendar.MinYear), Math.Min(currentYear + YearsAhead, VietnameseLunarCalendar.MaxYear));

    private async ValueTask<BusinessCalendar?> LoadAndFindAsync(string slug, CancellationToken ct) =>
        (await LoadAsync(force: false, ct)).GetValueOrDefault(slug);

    private async Task<FrozenDictionary<string, BusinessCalendar>> LoadAsync(bool force, CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            if (!force && Volatile.Read(ref _calendars) is { } loaded)
            {
                return loaded;
            }
            long generation;
            lock (_publish)
            {
                generation = _generation;
            }
            var calendars = await BuildAsync(ct);
            lock (_publish)
            {
                // A change committed while this was reading may be missing from it: let the next look-up reload.
                if (generation == _generation)
                {
                    Volatile.Write(ref _calendars, calendars);
                }
            }
            Interlocked.Exchange(ref _refreshDue, Environment.TickCount64 + (long)MaxAge.TotalMilliseconds);
            return calendars;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Look-ups go on with the loaded calendars while one reload runs.</summary>
    private void RefreshInBackground()
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await LoadAsync(force: true, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reloading the business calendars failed; the ones loaded before stay in use and the reload is tried again in {MaxAge}.", MaxAge);
                Interlocked.Exchange(ref _refreshDue, Environment.TickCount64 + (long)MaxAge.TotalMilliseconds);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task<FrozenDictionary<string, BusinessCalendar>> BuildAsync(CancellationToken ct)
    {
        var (first, last) = HolidayYears(clock.GetUtcNow().Year);
        List<Calendar> stored;
        List<HolidayChange> changes;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HaumaiDb>();
            stored = await db.Calendars.AsNoTracking().Include(c => c.Closures).Include(c => c.MakeUpDays).AsSplitQuery().ToListAsync(ct);
            changes = await db.HolidayChanges.AsNoTracking().Where(c => c.Year >= first && c.Year <= last).OrderBy(c => c.Id).ToListAsync(ct);
        }

        var holidays = NationalHolidayDates(first, last, changes);
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var calendar in stored)
        {
            if (Compile(calendar, holidays) is { } compiled)
            {
                calendars[calendar.Slug] = compiled;
            }
        }
        foreach (var slug in Calendar.BuiltInSlugs.Where(s => !calendars.ContainsKey(s)))
        {
            // Features refer to these two by slug (the default SLA policy among them): a broken row must not stop their clocks.
            logger.LogError("Business calendar {Slug} is missing or broken in the database; its built-in definition stands in.", slug);
            calendars[slug] = (await _builtIn.FindAsync(slug, ct))!;
        }
        return calendars.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private HashSet<DateOnly> NationalHolidayDates(int first, int last, List<HolidayChange> changes)
    {
        var byYear = changes.ToLookup(c => c.Year);
        var dates = new HashSet<DateOnly>();
        for (var year = first; year <= last; year++)
        {
            var holidays = HolidayLog.Effective(year, byYear[year], logger);
            dates.UnionWith(holidays.Select(h => h.Date));
        }
        return dates;
    }

    private BusinessCalendar? Compile(Calendar calendar, HashSet<DateOnly> holidays)
    {
        try
        {
            var definition = calendar.ToDefinition(calendar.VietnameseHolidays ? holidays : []);
            var clashes = definition.MakeUpDays.Where(d => definition.Holidays.Contains(d.Date)).ToList();
            if (clashes.Count > 0)
            {
                // The API refuses a make-up day on a holiday and a holiday on a make-up day; if one got
                // through anyway (two admins at once), the day off the law gives wins over the extra working day.
                logger.LogWarning("Business calendar {Slug}: make-up days {Dates} fall on national holidays and are ignored.",
                    calendar.Slug, string.Join(", ", clashes.Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
                definition = definition with { MakeUpDays = [.. definition.MakeUpDays.Except(clashes)] };
            }
            return new BusinessCalendar(definition);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            logger.LogError(e, "Business calendar {Slug} cannot be compiled and is not available.", calendar.Slug);
            return null;
        }
    }
}
