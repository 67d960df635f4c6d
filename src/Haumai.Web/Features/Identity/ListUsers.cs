using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>The admin's list of users: search by name or email, filter by role, organization and state, a page at a time.</summary>
public static class ListUsers
{
    public const int PageSize = 25;

    /// <param name="Page">1-based; a page past the end shows the last one.</param>
    public sealed record Request(string? Search = null, Role? Role = null, int? OrganizationId = null, bool? Active = null, int Page = 1);

    public sealed record Row(int Id, string Name, string Email, Role Role, int? OrganizationId, string? OrganizationName,
        bool IsOrgAdmin, bool IsActive, bool HasPassword, DateTime? LockoutEndsAt, DateTime CreatedAt);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total, int Page, int Pages);

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var users = db.Users.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                // Emails are stored lower-case. Names are matched as typed and lower-cased: SQLite's
                // lower() leaves non-ASCII letters alone, so "Đặng" is found by "Đặng" there, not by "đặng".
                var typed = request.Search.Trim();
                var term = typed.ToLowerInvariant();
                users = users.Where(u => u.Email.Contains(term) || u.Name.Contains(typed) || u.Name.ToLower().Contains(term));
            }
            if (request.Role is { } role)
            {
                users = users.Where(u => u.Role == role);
            }
            if (request.OrganizationId is { } org)
            {
                users = users.Where(u => u.OrganizationId == org);
            }
            if (request.Active is { } active)
            {
                users = users.Where(u => u.IsActive == active);
            }
            var total = await users.CountAsync(ct);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await users
                .OrderBy(u => u.Name).ThenBy(u => u.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(u => new Row(u.Id, u.Name, u.Email, u.Role, u.OrganizationId, u.Organization != null ? u.Organization.Name : null,
                    u.IsOrgAdmin, u.IsActive, u.PasswordHash != null, u.LockoutEndsAt, u.CreatedAt))
                .ToListAsync(ct);
            return new Result(rows, total, page, pages);
        }
    }
}
