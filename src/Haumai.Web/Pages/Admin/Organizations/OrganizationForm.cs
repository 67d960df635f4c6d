using Haumai.Web.Features.Organizations;

namespace Haumai.Web.Pages.Admin.Organizations;

/// <summary>The fields of the organization form (new and edit).</summary>
public sealed class OrganizationForm
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Plan { get; set; } = "free";

    public SaveOrganization.Request ToRequest() => new(Slug?.Trim(), Name, Plan);

    public static OrganizationForm From(Organization o) => new() { Name = o.Name, Slug = o.Slug, Plan = o.Plan.ToString().ToLowerInvariant() };
}

/// <summary>What _OrganizationFields.cshtml shows.</summary>
public sealed record OrganizationFieldsModel(OrganizationForm Form, bool IsNew)
{
    /// <summary>Two fields a row on the new-organization page; one a row in the card of the organization's page.</summary>
    public string Column => IsNew ? "col-md-6" : "col-12";
}
