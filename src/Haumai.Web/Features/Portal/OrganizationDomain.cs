namespace Haumai.Web.Features.Portal;

/// <summary>
/// An email domain an organization claims (issue 3): anyone with an address at it may register as
/// a customer of that organization without an invitation. A domain belongs to one organization at
/// most, and public webmail domains cannot be claimed (see <see cref="ClaimDomain"/>).
/// </summary>
public sealed class OrganizationDomain
{
    /// <summary>The longest DNS name.</summary>
    public const int MaxLength = 253;

    private OrganizationDomain() { }

    public OrganizationDomain(int organizationId, string domain, int createdById, DateTime now)
    {
        OrganizationId = organizationId;
        Domain = domain;
        CreatedById = createdById;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public int OrganizationId { get; private set; }

    /// <summary>Lowercase ASCII (an internationalized name is stored in its xn-- form).</summary>
    public string Domain { get; private set; } = "";
    public int CreatedById { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
