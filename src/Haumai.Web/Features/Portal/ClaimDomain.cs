using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// An admin records that an organization owns an email domain: people with an address there may
/// then register into it without an invitation. Refused for public webmail (gmail.com and the
/// like) and for a domain another organization (or this one) already claims.
/// </summary>
public static class ClaimDomain
{
    public sealed record Request(int? OrganizationId, string? Domain);

    public sealed record Result(OrganizationDomain? Claim, FieldError? Error);

    public sealed class Handler(HaumaiDb db, CurrentUser user, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (!user.IsAdmin)
            {
                // The pages only offer this to admins; a use case does not trust its callers.
                return Fail("OrganizationId", "Only administrators claim email domains.");
            }
            if (request.OrganizationId is not { } orgId || !await db.Organizations.AnyAsync(o => o.Id == orgId, ct))
            {
                return Fail("OrganizationId", "Choose an organization.");
            }
            if (string.IsNullOrWhiteSpace(request.Domain))
            {
                return Fail("Domain", "Enter a domain, such as congty.vn.");
            }
            if (EmailDomains.Normalize(request.Domain) is not { } domain)
            {
                return Fail("Domain", "“{0}” is not a domain name, such as congty.vn.", request.Domain.Trim());
            }
            if (EmailDomains.IsPublicWebmail(domain))
            {
                return Fail("Domain", "{0} is a public webmail domain: anyone can have an address there, so no organization can claim it.", EmailDomains.Display(domain));
            }
            var owner = await db.Set<OrganizationDomain>().AsNoTracking().Where(d => d.Domain == domain)
                .Select(d => db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Name).First())
                .FirstOrDefaultAsync(ct);
            if (owner is not null)
            {
                return Fail("Domain", "{0} is already claimed by {1}.", EmailDomains.Display(domain), owner);
            }
            var claim = new OrganizationDomain(orgId, domain, user.Id, clock.GetUtcNow().UtcDateTime);
            db.Set<OrganizationDomain>().Add(claim);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (db.Entry(claim).State == EntityState.Added)
            {
                // Another admin claimed it between the check and the insert: the unique index decided.
                db.Entry(claim).State = EntityState.Detached;
                return Fail("Domain", "{0} is already claimed by another organization.", EmailDomains.Display(domain));
            }
            return new Result(claim, null);
        }

        private static Result Fail(string field, string message, params object[] args) => new(null, new FieldError(field, message, args));
    }
}
