using Haumai.Web.Data;
using Haumai.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Identity;

/// <summary>
/// A requester named only by an email address (an API ticket, an inbound mail): the user with that
/// address, or a new customer without a password (they cannot sign in until invited). A new one is
/// saved at once, for its id (inside the caller's transaction, if there is one). Two requests for
/// the same new address can race: the loser's insert hits the unique email, EF rolls back to its
/// savepoint, and the winner's row is read instead.
/// </summary>
public static class FindOrCreateCustomer
{
    private const int MaxNameLength = 200;

    /// <param name="organizationForNew">The organization a new customer joins, asked only when one is created.</param>
    public static async Task<User> HandleAsync(HaumaiDb db, string email, string? name, DateTime now,
        Func<string, CancellationToken, Task<Organization?>>? organizationForNew, CancellationToken ct)
    {
        var normalized = User.NormalizeEmail(email);
        if (await db.Users.Include(u => u.Organization).FirstOrDefaultAsync(u => u.Email == normalized, ct) is { } existing)
        {
            return existing;
        }
        var displayName = string.IsNullOrWhiteSpace(name) ? normalized.Split('@')[0] : name.Trim();
        var created = new User(normalized, displayName.Length > MaxNameLength ? displayName[..MaxNameLength] : displayName, Role.Customer, now);
        if (organizationForNew is not null && await organizationForNew(normalized, ct) is { } organization)
        {
            created.JoinOrganization(organization, asOrgAdmin: false);
        }
        db.Users.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
            return created;
        }
        catch (DbUpdateException) when (db.Entry(created).State == EntityState.Added)
        {
            // Someone else created the same address a moment ago: theirs is the one.
            db.Entry(created).State = EntityState.Detached;
            return await db.Users.Include(u => u.Organization).FirstAsync(u => u.Email == normalized, ct);
        }
    }
}
