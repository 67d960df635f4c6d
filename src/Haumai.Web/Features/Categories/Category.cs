using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Categories;

/// <summary>
/// What a ticket is about (T2). Each category routes to a team and gives a ticket its default
/// priority. Admins edit the list; the T2 set is installed by the first migration.
/// </summary>
public sealed class Category
{
    private Category() { }

    /// <summary>What a category without its own figure, or a ticket without a category, counts as (T6).</summary>
    public const int DefaultTypicalEffortMinutes = 60;

    /// <summary>A month of business minutes: more is a typing error, not an estimate.</summary>
    public const int MaxTypicalEffortMinutes = 43_200;

    public Category(string slug, string name, string nameEn, int? teamId, Priority defaultPriority, int position, int typicalEffortMinutes = DefaultTypicalEffortMinutes)
    {
        TypicalEffortMinutes = typicalEffortMinutes;
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

    /// <summary>
    /// Business minutes of work a ticket of this category usually takes: what the computed ETA (T6)
    /// counts for each such ticket queued ahead, and for the ticket itself.
    /// </summary>
    public int TypicalEffortMinutes { get; private set; }

    /// <summary>Retired categories stay for old tickets but take no new ones.</summary>
    public bool IsActive { get; private set; }

    public void Update(string name, string nameEn, int? teamId, Priority defaultPriority, int position, bool isActive, int? typicalEffortMinutes = null)
    {
        TypicalEffortMinutes = typicalEffortMinutes ?? TypicalEffortMinutes;
        Name = name.Trim();
        NameEn = nameEn.Trim();
        TeamId = teamId;
        DefaultPriority = defaultPriority;
        Position = position;
        IsActive = isActive;
    }
}
