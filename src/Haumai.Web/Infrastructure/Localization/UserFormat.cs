using System.Globalization;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Infrastructure.Localization;

/// <summary>
/// How pages show times, money and enum names to the person reading them: in their time zone
/// (a claim set at sign-in, Asia/Ho_Chi_Minh by default) and in the request's culture (vi-VN by
/// default). Pages never call <c>ToString()</c> on a date or an amount themselves.
/// </summary>
public sealed class UserFormat(CurrentUser user, TimeProvider clock, IStringLocalizer<SharedText> text)
{
    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= HaumaiCulture.FindZone(user.IsAuthenticated ? user.TimeZone : null);

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>22/11/2026 14:05 in Vietnamese, 11/22/2026 2:05 PM in English.</summary>
    public string DateTime(DateTime utc) => ToLocal(utc).ToString("g", Culture);

    public string DateTime(DateTime? utc) => utc is { } u ? DateTime(u) : "";

    public string Date(DateTime utc) => ToLocal(utc).ToString("d", Culture);

    /// <summary>A calendar date (a contract's start, a holiday): no time zone to convert.</summary>
    public string Date(DateOnly date) => date.ToString("d", Culture);

    /// <summary>The machine-readable form for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTime utc) => System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>"5 phút trước" / "5 minutes ago", for lists where the exact time is a tooltip.</summary>
    public string Relative(DateTime utc)
    {
        var ago = clock.GetUtcNow().UtcDateTime - utc;
        return ago.TotalMinutes switch
        {
            < 1 => text["just now"],
            < 60 => text["{0} minutes ago", (int)ago.TotalMinutes],
            < 60 * 24 => text["{0} hours ago", (int)ago.TotalHours],
            _ => text["{0} days ago", (int)ago.TotalDays],
        };
    }

    /// <summary>A length of (business) minutes: "45 phút", "2 giờ 15 phút", "3 ngày 4 giờ".</summary>
    public string Minutes(long minutes)
    {
        minutes = Math.Abs(minutes);
        if (minutes < 60)
        {
            return text["{0} min", minutes];
        }
        if (minutes < 60 * 24)
        {
            return minutes % 60 == 0 ? text["{0} h", minutes / 60] : text["{0} h {1} min", minutes / 60, minutes % 60];
        }
        return text["{0} d {1} h", minutes / (60 * 24), minutes % (60 * 24) / 60];
    }

    /// <summary>"còn 2 giờ" when time is left, "quá hạn 15 phút" when it is not.</summary>
    public string Remaining(long businessMinutes) =>
        businessMinutes >= 0 ? text["in {0}", Minutes(businessMinutes)] : text["{0} overdue", Minutes(businessMinutes)];

    /// <summary>Amounts are whole đồng: "1.250.000 ₫" in Vietnamese, "1,250,000 ₫" in English.</summary>
    public string Money(decimal vnd) => Math.Round(vnd, 0, MidpointRounding.AwayFromZero).ToString("N0", Culture) + " ₫";

    public string Status(TicketStatus status) => status switch
    {
        TicketStatus.New => text["New"],
        TicketStatus.Open => text["Open"],
        TicketStatus.Pending => text["Pending"],
        TicketStatus.OnHold => text["On hold"],
        TicketStatus.Solved => text["Solved"],
        TicketStatus.Closed => text["Closed"],
        _ => status.ToString(),
    };

    public string Priority(Priority priority) => priority switch
    {
        Features.Tickets.Priority.Urgent => text["Urgent"],
        Features.Tickets.Priority.High => text["High"],
        Features.Tickets.Priority.Medium => text["Medium"],
        Features.Tickets.Priority.Low => text["Low"],
        _ => priority.ToString(),
    };

    public string Channel(Channel channel) => channel switch
    {
        Features.Tickets.Channel.Portal => text["Portal channel"],
        Features.Tickets.Channel.Email => text["Email channel"],
        Features.Tickets.Channel.Chat => text["Chat channel"],
        Features.Tickets.Channel.Api => text["API channel"],
        Features.Tickets.Channel.Phone => text["Phone channel"],
        _ => channel.ToString(),
    };

    public string Role(Role role) => role switch
    {
        Features.Identity.Role.Customer => text["Customer"],
        Features.Identity.Role.Agent => text["Agent"],
        Features.Identity.Role.Admin => text["Administrator"],
        _ => role.ToString(),
    };

    public string Plan(Plan plan) => plan == Features.Organizations.Plan.Paid ? text["Paid"] : text["Free"];

    /// <summary>A CSS class per status and priority, so the colours live in site.css only.</summary>
    public static string StatusClass(TicketStatus status) => "status-" + status.ToString().ToLowerInvariant();

    public static string PriorityClass(Priority priority) => "priority-" + priority.ToString().ToLowerInvariant();
}
