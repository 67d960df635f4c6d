using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C1: one chat widget a provider puts on a website with a script tag. Its public <see cref="Key"/>
/// names it in the tag; only pages of its <see cref="AllowedOrigins"/> may talk through it. Chats it
/// starts go to its <see cref="TeamId"/> and follow that team's calendar (C3).
/// </summary>
public sealed class ChatWidget
{
    public const int MaxNameLength = 100;
    public const int MaxOriginsLength = 2000;
    public const int MaxGreetingLength = 500;

    private ChatWidget() { }

    public ChatWidget(string name, int teamId, IEnumerable<string> allowedOrigins, bool requireContact, string color, string? greetingVi, string? greetingEn, DateTime now)
    {
        Key = NewKey();
        CreatedAt = now;
        Update(name, teamId, allowedOrigins, requireContact, color, greetingVi, greetingEn, isActive: true);
    }

    public int Id { get; private set; }

    /// <summary>Public, in the page's script tag: it identifies, it does not authorize (the origin check does).</summary>
    public string Key { get; private set; } = "";

    public string Name { get; private set; } = "";
    public int TeamId { get; private set; }

    /// <summary>Origins (scheme://host[:port]) separated by spaces, as browsers send them in the Origin header.</summary>
    public string AllowedOrigins { get; private set; } = "";

    /// <summary>Anonymous visitors give a name and an email or phone before their first message.</summary>
    public bool RequireContact { get; private set; }

    /// <summary>The provider's colour, #rrggbb, for the widget's button and header.</summary>
    public string Color { get; private set; } = "#0d6efd";

    public string? GreetingVi { get; private set; }
    public string? GreetingEn { get; private set; }
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<string> Origins => AllowedOrigins.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Allows(string? origin) =>
        origin is not null && Origins.Any(o => string.Equals(o, origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    public void Update(string name, int teamId, IEnumerable<string> allowedOrigins, bool requireContact, string color, string? greetingVi, string? greetingEn, bool isActive)
    {
        Name = name.Trim();
        TeamId = teamId;
        AllowedOrigins = string.Join(' ', allowedOrigins.Select(NormalizeOrigin).Where(o => o is not null).Distinct(StringComparer.OrdinalIgnoreCase));
        RequireContact = requireContact;
        Color = color;
        GreetingVi = string.IsNullOrWhiteSpace(greetingVi) ? null : greetingVi.Trim();
        GreetingEn = string.IsNullOrWhiteSpace(greetingEn) ? null : greetingEn.Trim();
        IsActive = isActive;
    }

    /// <summary>scheme://host[:port] in lower case, or null for anything that is not an http(s) origin.</summary>
    public static string? NormalizeOrigin(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath is not ("/" or "") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || uri.UserInfo.Length > 0)
        {
            return null;
        }
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    private static string NewKey() => "w_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}

internal sealed class ChatWidgetConfiguration : IEntityTypeConfiguration<ChatWidget>
{
    public void Configure(EntityTypeBuilder<ChatWidget> b)
    {
        b.ToTable("chat_widgets");
        b.Property(w => w.Key).HasMaxLength(32);
        b.Property(w => w.Name).HasMaxLength(ChatWidget.MaxNameLength);
        b.Property(w => w.AllowedOrigins).HasMaxLength(ChatWidget.MaxOriginsLength);
        b.Property(w => w.Color).HasMaxLength(7);
        b.Property(w => w.GreetingVi).HasMaxLength(ChatWidget.MaxGreetingLength);
        b.Property(w => w.GreetingEn).HasMaxLength(ChatWidget.MaxGreetingLength);
        b.Ignore(w => w.Origins);
        b.HasIndex(w => w.Key).IsUnique();
        b.HasOne<Teams.Team>().WithMany().HasForeignKey(w => w.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
