using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>The categories a customer may file a ticket under (the active ones), named in the reader's language.</summary>
public static class CategoryChoices
{
    public sealed record Choice(int Id, string Name, Priority DefaultPriority);

    /// <summary>A category's name in the request's language: Vietnamese unless English was chosen.</summary>
    public static string Localized(string vietnamese, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && english.Length > 0 ? english : vietnamese;

    public sealed class Handler(HaumaiDb db)
    {
        public async Task<IReadOnlyList<Choice>> HandleAsync(CancellationToken ct)
        {
            var rows = await db.Categories.AsNoTracking().Where(c => c.IsActive)
                .OrderBy(c => c.Position).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.Name, c.NameEn, c.DefaultPriority })
                .ToListAsync(ct);
            return rows.Select(c => new Choice(c.Id, Localized(c.Name, c.NameEn), c.DefaultPriority)).ToList();
        }
    }
}
