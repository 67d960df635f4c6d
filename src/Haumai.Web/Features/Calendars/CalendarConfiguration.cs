using System.Globalization;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Haumai.Web.Features.Calendars;

internal sealed class CalendarConfiguration : IEntityTypeConfiguration<Calendar>
{
    public void Configure(EntityTypeBuilder<Calendar> b)
    {
        b.ToTable("calendars");
        b.Property(c => c.Slug).HasMaxLength(64).IsRequired();
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Name).HasMaxLength(200).IsRequired();
        b.Property(c => c.NameEn).HasMaxLength(200).IsRequired();
        b.Property(c => c.TimeZone).HasMaxLength(64).IsRequired();
        b.Property(c => c.WeeklyHours).IsRequired();
        b.Ignore(c => c.Weekly);
        b.HasMany(c => c.Closures).WithOne().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.MakeUpDays).WithOne().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Closures).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.MakeUpDays).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CalendarClosureConfiguration : IEntityTypeConfiguration<CalendarClosure>
{
    public void Configure(EntityTypeBuilder<CalendarClosure> b)
    {
        b.ToTable("calendar_closures");
        // Wall-clock times of the calendar's zone, not instants: stored as text so that neither the
        // UTC convention of HaumaiDb nor PostgreSQL's timestamptz converts them. The ISO form sorts.
        b.Property(c => c.LocalStart).HasConversion(LocalTimeText.Converter).HasMaxLength(LocalTimeText.Length);
        b.Property(c => c.LocalEnd).HasConversion(LocalTimeText.Converter).HasMaxLength(LocalTimeText.Length);
        b.Property(c => c.Reason).HasMaxLength(CalendarClosure.MaxReasonLength);
    }
}

internal sealed class CalendarMakeUpDayConfiguration : IEntityTypeConfiguration<CalendarMakeUpDay>
{
    public void Configure(EntityTypeBuilder<CalendarMakeUpDay> b)
    {
        b.ToTable("calendar_make_up_days");
        b.HasKey(d => new { d.CalendarId, d.Date });
        b.Property(d => d.Hours).HasMaxLength(400).IsRequired();
        b.Property(d => d.Reason).HasMaxLength(CalendarMakeUpDay.MaxReasonLength);
        b.Ignore(d => d.Intervals);
    }
}

internal sealed class HolidayChangeConfiguration : IEntityTypeConfiguration<HolidayChange>
{
    public void Configure(EntityTypeBuilder<HolidayChange> b)
    {
        b.ToTable("holiday_changes");
        b.Property(c => c.Action).HasConversion(new ValueConverter<HolidayChangeAction, string>(
            a => HolidayChangeActions.Name(a), s => HolidayChangeActions.Parse(s))).HasMaxLength(32);
        b.Property(c => c.Key).HasMaxLength(HolidayChange.MaxKeyLength).IsRequired();
        b.Property(c => c.Dates).HasMaxLength(400);
        b.Property(c => c.Name).HasMaxLength(HolidayChange.MaxNameLength);
        b.Property(c => c.NameEn).HasMaxLength(HolidayChange.MaxNameLength);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Reason).HasMaxLength(HolidayChange.MaxReasonLength);
        b.Ignore(c => c.DateList);
        // A year's log is read in order, every time its holidays are computed.
        b.HasIndex(c => new { c.Year, c.Id });
        // The log must keep saying who made each change, so that user cannot be deleted.
        b.HasOne<User>().WithMany().HasForeignKey(c => c.ChangedById).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A local wall-clock time as <c>yyyy-MM-ddTHH:mm</c>, with <see cref="DateTimeKind.Unspecified"/>.</summary>
internal static class LocalTimeText
{
    public const int Length = 16;
    public const string Format = "yyyy-MM-dd'T'HH:mm";

    public static readonly ValueConverter<DateTime, string> Converter = new(
        v => v.ToString(Format, CultureInfo.InvariantCulture),
        s => DateTime.SpecifyKind(DateTime.ParseExact(s, Format, CultureInfo.InvariantCulture), DateTimeKind.Unspecified));

    public static string Write(DateTime local) => local.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads <c>yyyy-MM-ddTHH:mm</c> (seconds allowed when zero). An offset or a Z is refused: these
    /// times are the calendar's own wall clock, and an instant given for one would be silently re-read.
    /// </summary>
    public static bool TryParse(string? text, out DateTime local)
    {
        if (DateTime.TryParseExact(text?.Trim(), [Format, "yyyy-MM-dd'T'HH:mm':00'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            local = DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
            return true;
        }
        local = default;
        return false;
    }
}
