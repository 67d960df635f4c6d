using System.Globalization;

namespace Haumai.Web.Features.Calendars;

/// <summary>
/// One opening interval of a day in the calendar's local (wall-clock) time, from <see cref="Start"/>
/// inclusive to <see cref="End"/> exclusive. A <see cref="TimeSpan"/> rather than a <see cref="TimeOnly"/>
/// because an interval may end at 24:00, which <see cref="TimeOnly"/> cannot express.
/// </summary>
public readonly record struct OpeningHours
{
    private static readonly TimeSpan Midnight = TimeSpan.FromDays(1);

    public OpeningHours(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || end > Midnight || start >= end)
        {
            throw new ArgumentException($"Opening hours must satisfy 00:00 <= start < end <= 24:00 (got {Format(start)}-{Format(end)}).");
        }
        Start = start;
        End = end;
    }

    public TimeSpan Start { get; }
    public TimeSpan End { get; }

    /// <summary>00:00-24:00.</summary>
    public static OpeningHours AllDay { get; } = new(TimeSpan.Zero, Midnight);

    /// <summary>Parses <c>HH:mm-HH:mm</c>, e.g. <c>08:30-18:00</c> or <c>20:00-24:00</c>.</summary>
    public static OpeningHours Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            throw new FormatException($"'{text}' is not HH:mm-HH:mm.");
        }
        return new OpeningHours(ParseTime(text[..dash], text), ParseTime(text[(dash + 1)..], text));
    }

    /// <summary>Parses a comma-separated list, e.g. <c>08:00-12:00, 13:30-17:30</c>.</summary>
    public static OpeningHours[] ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static TimeSpan ParseTime(string part, string whole)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !int.TryParse(part.AsSpan(0, colon).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(part.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
        {
            throw new FormatException($"'{whole}' is not HH:mm-HH:mm (00:00 to 24:00).");
        }
        return new TimeSpan(hours, minutes, 0);
    }

    // TimeSpan's own formats have no way to print 24:00; anything odd (seconds, out of range) is shown raw.
    private static string Format(TimeSpan time) =>
        time == Midnight ? "24:00"
        : time >= TimeSpan.Zero && time < Midnight && time.Ticks % TimeSpan.TicksPerMinute == 0 ? time.ToString(@"hh\:mm", CultureInfo.InvariantCulture)
        : time.ToString("c", CultureInfo.InvariantCulture);
}
