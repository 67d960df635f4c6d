using Haumai.Web.Features.Organizations;

namespace Haumai.Web.Features.Identity;

public enum Role
{
    Customer = 0,
    Agent = 1,
    Admin = 2,
}

/// <summary>
/// A person who signs in: an admin or agent of the provider, or a customer contact of an
/// organization. Customers created from an email or an API request have no password until they are
/// invited; they cannot sign in before that.
/// </summary>
public sealed class User
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private User() { }

    public User(string email, string name, Role role, DateTime now)
    {
        Email = NormalizeEmail(email);
        Name = name.Trim();
        Role = role;
        CreatedAt = now;
        IsActive = true;
        Language = "vi";
        TimeZone = "Asia/Ho_Chi_Minh";
    }

    public int Id { get; private set; }
    public string Email { get; private set; } = "";
    public string Name { get; private set; } = "";
    public Role Role { get; private set; }
    public string? PasswordHash { get; private set; }
    public int? OrganizationId { get; private set; }
    public Organization? Organization { get; private set; }

    /// <summary>A customer who administers their organization: sees all of its tickets.</summary>
    public bool IsOrgAdmin { get; private set; }
    public bool IsActive { get; private set; }
    public int FailedSignIns { get; private set; }
    public DateTime? LockoutEndsAt { get; private set; }
    public string Language { get; private set; } = "vi";
    public string TimeZone { get; private set; } = "Asia/Ho_Chi_Minh";
    public DateTime CreatedAt { get; private set; }

    public bool IsStaff => Role is Role.Agent or Role.Admin;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void JoinOrganization(Organization organization, bool asOrgAdmin)
    {
        if (Role != Role.Customer)
        {
            throw new InvalidOperationException("Only customers belong to an organization.");
        }
        Organization = organization;
        OrganizationId = organization.Id;
        IsOrgAdmin = asOrgAdmin;
    }

    public bool IsLockedOut(DateTime now) => LockoutEndsAt is { } end && end > now;

    /// <summary>Counts a failed sign-in; the fifth in a row locks the account for a while.</summary>
    public void RecordFailedSignIn(DateTime now)
    {
        FailedSignIns++;
        if (FailedSignIns >= MaxFailedSignIns)
        {
            LockoutEndsAt = now + LockoutDuration;
            FailedSignIns = 0;
        }
    }

    public void RecordSuccessfulSignIn()
    {
        FailedSignIns = 0;
        LockoutEndsAt = null;
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;

    public void Rename(string name) => Name = name.Trim();

    /// <summary>
    /// Staff belong to no organization (only customers do), so an agent or admin made of a
    /// customer leaves theirs. Team memberships are the caller's business (see UpdateUser).
    /// </summary>
    public void ChangeRole(Role role)
    {
        Role = role;
        if (role != Role.Customer)
        {
            LeaveOrganization();
        }
    }

    public void LeaveOrganization()
    {
        Organization = null;
        OrganizationId = null;
        IsOrgAdmin = false;
    }

    /// <summary>Lifts a lockout, as when an admin sets a new password for someone locked out.</summary>
    public void Unlock()
    {
        FailedSignIns = 0;
        LockoutEndsAt = null;
    }

    /// <summary>X1: the language ("vi" or "en") and IANA time zone the pages use for this person.</summary>
    public void SetPreferences(string language, string timeZone)
    {
        Language = language;
        TimeZone = timeZone;
    }
}
