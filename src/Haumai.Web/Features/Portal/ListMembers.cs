using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>The people of an organization, for its org admins' page: who can sign in, who only wrote in.</summary>
public static class ListMembers
{
    public sealed record Member(int Id, string Name, string Email, bool IsOrgAdmin, bool CanSignIn, bool IsActive);

    public sealed record Result(string OrganizationName, IReadOnlyList<Member> Members);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Result?> HandleAsync(int organizationId, CancellationToken ct)
        {
            var name = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (name is null)
            {
                return null;
            }
            var members = await db.Users.AsNoTracking()
                .Where(u => u.OrganizationId == organizationId && u.Role == Role.Customer)
                .OrderByDescending(u => u.IsOrgAdmin).ThenBy(u => u.Name).ThenBy(u => u.Id)
                .Select(u => new Member(u.Id, u.Name, u.Email, u.IsOrgAdmin, u.PasswordHash != null, u.IsActive))
                .ToListAsync(ct);
            return new Result(name, members);
        }
    }
}
