using System.Globalization;
using Haumai.Web.Features.Categories;

namespace Haumai.Web.Pages.Admin.Categories;

/// <summary>
/// The fields of the category form (new and edit). Numbers are bound as text so that a typing error
/// gets the page's own message rather than model binding's English one.
/// </summary>
public sealed class CategoryForm
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public int? TeamId { get; set; }
    public string? DefaultPriority { get; set; } = "medium";
    public string? Position { get; set; } = "100";
    public string? TypicalEffortMinutes { get; set; } = Category.DefaultTypicalEffortMinutes.ToString(CultureInfo.InvariantCulture);
    public bool Active { get; set; } = true;

    public static CategoryForm From(Category c) => new()
    {
        Slug = c.Slug,
        Name = c.Name,
        NameEn = c.NameEn,
        TeamId = c.TeamId,
        DefaultPriority = c.DefaultPriority.ToString().ToLowerInvariant(),
        Position = c.Position.ToString(CultureInfo.InvariantCulture),
        TypicalEffortMinutes = c.TypicalEffortMinutes.ToString(CultureInfo.InvariantCulture),
        Active = c.IsActive,
    };

    /// <summary>The request, or the names of the number fields that are not whole numbers.</summary>
    public (SaveCategory.Request? Request, IReadOnlyList<string> BadNumbers) ToRequest()
    {
        var bad = new List<string>();
        var position = Number(Position, nameof(Position), bad) ?? 0;
        var effort = Number(TypicalEffortMinutes, nameof(TypicalEffortMinutes), bad);
        return bad.Count > 0
            ? (null, bad)
            : (new SaveCategory.Request(Slug?.Trim(), Name, NameEn, TeamId, DefaultPriority, position, Active, effort), bad);
    }

    private static int? Number(string? text, string field, List<string> bad)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        bad.Add(field);
        return null;
    }
}

/// <summary>What _CategoryFields.cshtml shows.</summary>
public sealed record CategoryFieldsModel(CategoryForm Form, bool IsNew, IReadOnlyList<TeamChoice> Teams);
