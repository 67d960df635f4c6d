using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Localization;

namespace Haumai.Web.Features.Identity;

/// <summary>X1: a user chooses the language and time zone of their pages; both are remembered.</summary>
public static class UpdatePreferences
{
    public sealed record Request(string? Language, string? TimeZone);

    public enum Outcome
    {
        Saved,
        BadLanguage,
        BadTimeZone,
        NotFound,
    }

    public sealed class Handler(HaumaiDb db)
    {
        /// <summary>Saves what the request names; a null field keeps the stored value.</summary>
        public async Task<(Outcome Outcome, User? User)> HandleAsync(int userId, Request request, CancellationToken ct)
        {
            if (request.Language is not null && !HaumaiCulture.IsLanguage(request.Language))
            {
                return (Outcome.BadLanguage, null);
            }
            if (request.TimeZone is not null && !HaumaiCulture.IsTimeZone(request.TimeZone))
            {
                return (Outcome.BadTimeZone, null);
            }
            var user = await db.Users.FindAsync([userId], ct);
            if (user is null)
            {
                return (Outcome.NotFound, null);
            }
            user.SetPreferences(request.Language ?? user.Language, request.TimeZone ?? user.TimeZone);
            await db.SaveChangesAsync(ct);
            return (Outcome.Saved, user);
        }
    }
}
