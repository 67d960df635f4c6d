using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Categories;

/// <summary>
/// What a ticket is about (T2). Each category routes to a team and gives a ticket its default
/// priority. Admins edit the list; the T2 set is installed by the first migration.
/// </summary>
public sealed class Category
{
    private Category() { }

    public Category(string slug, string name, string nameEn, int? teamId, Priority defaultPriority, int position)
    {
        Slug = slug.Trim().ToLowerInvariant();
        Name = name.Trim();
        NameEn = nameEn.Trim();
        TeamId = teamId;
        DefaultPriority = defaultPriority;
        Position = position;
        IsActive = true;
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";

    /// <summary>Vietnamese name, shown by default.</summary>
    public string Name { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public int? TeamId { get; private set; }
    public Priority DefaultPriority { get; private set; }
    public int Position { get; private set; }

    /// <summary>Retired categories stay for old tickets but take no new ones.</summary>
    public bool IsActive { get; private set; }

    public void Update(string name, string nameEn, int? teamId, Priority defaultPriority, int position, bool isActive)
    {
        Name = name.Trim();
        NameEn = nameEn.Trim();
        TeamId = teamId;
        DefaultPriority = defaultPriority;
        Position = position;
        IsActive = isActive;
    }
}
