using System.Text.Json;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// The weekly opening hours as they are stored and as the API shows them:
/// <c>{"monday":["08:30-12:00","13:30-18:00"], …, "sunday":[]}</c>, every day present, Monday first.
/// </summary>
/// <remarks>
/// One text column rather than a child table: the hours are always read and replaced as a whole
/// (a calendar is compiled from all of them, an admin saves all seven days at once), nothing queries
/// a single interval, and the JSON reads the same to a DBA on SQLite and PostgreSQL. The model checks
/// every interval before it is written, so what is stored always parses.
/// </remarks>
public static class WeeklyHoursJson
{
    public const int MaxIntervalsPerDay = 12;

    /// <summary>Monday first, as Vietnamese (and ISO) weeks are read.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    public static string Name(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static bool TryParseDay(string? name, out DayOfWeek day)
    {
        foreach (var d in Week)
        {
            if (string.Equals(Name(d), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                day = d;
                return true;
            }
        }
        day = default;
        return false;
    }

    public static string Write(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> weekly)
    {
        ArgumentNullException.ThrowIfNull(weekly);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var day in Week)
            {
                json.WriteStartArray(Name(day));
                foreach (var hours in weekly.TryGetValue(day, out var list) ? list.OrderBy(h => h.Start) : Enumerable.Empty<OpeningHours>())
                {
                    json.WriteStringValue(hours.ToString());
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Read(string json)
    {
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>();
        using var document = JsonDocument.Parse(json);
        foreach (var day in document.RootElement.EnumerateObject())
        {
            if (!TryParseDay(day.Name, out var weekday))
            {
                throw new FormatException($"'{day.Name}' in the stored weekly hours is not a day of the week.");
            }
            weekly[weekday] = [.. day.Value.EnumerateArray().Select(h => OpeningHours.Parse(h.GetString() ?? ""))];
        }
        return weekly;
    }

    /// <summary>The hours of each day as the API shows them (<c>HH:mm-HH:mm</c>), every day present, Monday first.</summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<string>> Show(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> weekly) =>
        Week.ToDictionary(d => d, d => (IReadOnlyList<string>)(weekly.TryGetValue(d, out var hours) ? [.. hours.OrderBy(h => h.Start).Select(h => h.ToString())] : []));

    /// <summary>
    /// Reads the API's <c>hours</c> object. Each problem is reported under <c>hours.&lt;day&gt;</c>,
    /// or <c>hours</c> itself when the week has no opening at all.
    /// </summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningHours>> Parse(
        IReadOnlyDictionary<string, string[]?>? hours, IDictionary<string, string[]> errors)
    {
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningHours>>();
        if (hours is null)
        {
            errors["hours"] = ["The weekly opening hours are required, e.g. {\"monday\": [\"08:30-18:00\"]}."];
            return weekly;
        }
        foreach (var (name, intervals) in hours)
        {
            var field = $"hours.{name}";
            if (!TryParseDay(name, out var day))
            {
                errors[field] = ["Not a day of the week: use monday … sunday."];
                continue;
            }
            if (weekly.ContainsKey(day))
            {
                errors[field] = [$"{Name(day)} is given twice."];
                continue;
            }
            if (intervals is null || intervals.Length == 0)
            {
                weekly[day] = [];
                continue;
            }
            if (intervals.Length > MaxIntervalsPerDay)
            {
                errors[field] = [$"At most {MaxIntervalsPerDay} intervals a day."];
                continue;
            }
            if (OpeningHoursParser.TryParseAll(intervals, out var parsed, out var error))
            {
                weekly[day] = parsed;
            }
            else
            {
                errors[field] = [error];
            }
        }
        if (!errors.Keys.Any(k => k.StartsWith("hours", StringComparison.Ordinal)) && weekly.Values.All(h => h.Count == 0))
        {
            errors["hours"] = ["The calendar must open at some time of the week."];
        }
        return weekly;
    }
}

/// <summary>Turns the API's <c>"HH:mm-HH:mm"</c> strings into <see cref="OpeningHours"/>, with a message for people.</summary>
public static class OpeningHoursParser
{
    public static bool TryParseAll(IEnumerable<string?> intervals, out IReadOnlyList<OpeningHours> hours, out string error)
    {
        var result = new List<OpeningHours>();
        foreach (var text in intervals)
        {
            try
            {
                result.Add(OpeningHours.Parse(text ?? ""));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                hours = [];
                error = $"'{text}' is not an interval HH:mm-HH:mm from 00:00 to 24:00 that ends after it starts.";
                return false;
            }
        }
        hours = result;
        error = "";
        return true;
    }
}
