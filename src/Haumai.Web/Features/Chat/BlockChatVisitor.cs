using System.Net;
using FluentValidation;
using Haumai.Web.Data;

namespace Haumai.Web.Features.Chat;

/// <summary>C4: an admin blocks a visitor by IP address, IP range (CIDR) or email, with a reason.</summary>
public static class BlockChatVisitor
{
    public const int MaxReasonLength = 500;

    /// <summary><paramref name="Target"/> is an IP address, a CIDR range or an email: one field, as the admin thinks of it.</summary>
    public sealed record Request(string? Target, string? Reason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Target).NotEmpty().MaximumLength(320)
                .Must(t => Kind(t) is not TargetKind.Invalid).WithMessage("Enter an IP address, an IP range such as 203.0.113.0/24, or an email.");
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(MaxReasonLength);
        }
    }

    public enum TargetKind { Invalid, IpRange, Email }

    public static TargetKind Kind(string? target)
    {
        var t = target?.Trim() ?? "";
        if (t.Length == 0)
        {
            return TargetKind.Invalid;
        }
        if (IPNetwork.TryParse(t, out _) || IPAddress.TryParse(t, out _))
        {
            return TargetKind.IpRange;
        }
        // The same loose check as FluentValidation's EmailAddress: one @ with something on both sides.
        var at = t.IndexOf('@');
        return at > 0 && at == t.LastIndexOf('@') && at < t.Length - 1 && !t.Any(char.IsWhiteSpace) ? TargetKind.Email : TargetKind.Invalid;
    }

    public sealed class Handler(HaumaiDb db, ChatBlocks blocks, TimeProvider clock)
    {
        /// <summary>Saves the block, then reloads this node's cache so that it applies at once (other nodes within 30 s).</summary>
        public async Task<ChatBlock> HandleAsync(Request r, int createdBy, CancellationToken ct)
        {
            var target = r.Target!.Trim();
            var block = Kind(target) == TargetKind.IpRange
                ? new ChatBlock(target, null, r.Reason!.Trim(), createdBy, clock.GetUtcNow().UtcDateTime)
                : new ChatBlock(null, target, r.Reason!.Trim(), createdBy, clock.GetUtcNow().UtcDateTime);
            db.Set<ChatBlock>().Add(block);
            await db.SaveChangesAsync(ct);
            await blocks.ReloadAsync(db, ct);
            return block;
        }
    }
}
