using System.Security.Cryptography;
using System.Text;

namespace Haumai.Web.Features.Portal;

/// <summary>Where an invitation stands, as its admin list shows it.</summary>
public enum InvitationState
{
    Pending,
    Accepted,
    Expired,
    Revoked,
}

/// <summary>
/// A link that lets one person register as a customer of an organization (issue 3). The link
/// carries a random code; only its SHA-256 is stored, so a copy of the database opens no account.
/// It is for one email address, works once, and expires (14 days unless said otherwise).
/// Whoever holds the link proves they received it: that is why an invitation, unlike a claimed
/// domain, may also give a password to a customer who so far only wrote in by email.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    /// <summary>Length of the stored hash: SHA-256 as lowercase hex.</summary>
    public const int CodeHashLength = 64;

    private Invitation() { }

    public Invitation(int organizationId, string email, bool asOrgAdmin, string codeHash, int createdById, DateTime now, TimeSpan? lifetime = null)
    {
        OrganizationId = organizationId;
        Email = email;
        AsOrgAdmin = asOrgAdmin;
        CodeHash = codeHash;
        CreatedById = createdById;
        CreatedAt = now;
        ExpiresAt = now + (lifetime ?? DefaultLifetime);
    }

    public int Id { get; private set; }
    public int OrganizationId { get; private set; }

    /// <summary>The address the invitation is for, normalized as user emails are.</summary>
    public string Email { get; private set; } = "";

    /// <summary>The person joins as an org admin: they see all of the organization's tickets.</summary>
    public bool AsOrgAdmin { get; private set; }
    public string CodeHash { get; private set; } = "";
    public int CreatedById { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? AcceptedAt { get; private set; }

    /// <summary>The account the invitation opened (or gave a password to).</summary>
    public int? AcceptedUserId { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public InvitationState StateAt(DateTime now) =>
        AcceptedAt is not null ? InvitationState.Accepted
        : RevokedAt is not null ? InvitationState.Revoked
        : ExpiresAt <= now ? InvitationState.Expired
        : InvitationState.Pending;

    /// <summary>Marks the invitation used by an account. Callers check <see cref="StateAt"/> first.</summary>
    public void Accept(int userId, DateTime now)
    {
        if (StateAt(now) != InvitationState.Pending)
        {
            throw new InvalidOperationException("Only a pending invitation can be accepted.");
        }
        AcceptedAt = now;
        AcceptedUserId = userId;
    }

    /// <summary>Withdraws a pending invitation; one already used or withdrawn stays as it is.</summary>
    public void Revoke(DateTime now)
    {
        if (StateAt(now) == InvitationState.Pending)
        {
            RevokedAt = now;
        }
    }

    /// <summary>A fresh code for a link: 32 random bytes, base64url (43 characters).</summary>
    public static string NewCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored and looked up: the SHA-256 of the code as typed, lowercase hex.</summary>
    public static string HashCode(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim())));
}
