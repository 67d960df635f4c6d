using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C4: a visitor an agent blocked, by IP range (CIDR, or one address) or by email. A blocked
/// visitor cannot start a chat or write in one; the widget says the chat is unavailable.
/// </summary>
public sealed class ChatBlock
{
    private ChatBlock() { }

    public ChatBlock(string? ipRange, string? email, string reason, int createdBy, DateTime now)
    {
        IpRange = ipRange;
        Email = email?.Trim().ToLowerInvariant();
        Reason = reason.Length > 500 ? reason[..500] : reason;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string? IpRange { get; private set; }
    public string? Email { get; private set; }
    public string Reason { get; private set; } = "";
    public int CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public bool Matches(IPAddress? ip, string? email)
    {
        if (Email is not null && email is not null && string.Equals(Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (IpRange is null || ip is null)
        {
            return false;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        return IPNetwork.TryParse(IpRange, out var network) ? network.Contains(ip)
            : IPAddress.TryParse(IpRange, out var single) && single.Equals(ip);
    }
}

internal sealed class ChatBlockConfiguration : IEntityTypeConfiguration<ChatBlock>
{
    public void Configure(EntityTypeBuilder<ChatBlock> b)
    {
        b.ToTable("chat_blocks");
        b.Property(x => x.IpRange).HasMaxLength(64);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.CreatedBy).OnDelete(DeleteBehavior.Restrict);
    }
}
