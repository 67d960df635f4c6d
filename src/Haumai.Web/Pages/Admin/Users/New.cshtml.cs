using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Users;

/// <summary>An admin creates a user: staff, or a customer of an organization (optionally its org admin), with or without a first password.</summary>
public sealed class NewModel(CreateUser.Handler create, IValidator<CreateUser.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Role { get; set; } = "agent";
        public string? Organization { get; set; }
        public bool OrgAdmin { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<OrganizationChoice> Organizations { get; private set; } = [];

    /// <param name="org">From an organization's page: a new customer of that organization.</param>
    public async Task OnGetAsync(int? org, CancellationToken ct)
    {
        if (org is { } id && await db.Organizations.Where(o => o.Id == id).Select(o => o.Slug).FirstOrDefaultAsync(ct) is { } slug)
        {
            Input.Role = "customer";
            Input.Organization = slug;
        }
        Organizations = await OrganizationChoice.LoadAsync(db, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var customer = string.Equals(Input.Role, "customer", StringComparison.OrdinalIgnoreCase);
        // The organization fields belong to customers: for staff they are hidden, and ignored if sent.
        var request = new CreateUser.Request(Input.Email?.Trim(), Input.Name, Input.Role,
            customer && !string.IsNullOrWhiteSpace(Input.Organization) ? Input.Organization.Trim() : null,
            string.IsNullOrEmpty(Input.Password) ? null : Input.Password,
            customer && Input.OrgAdmin);
        if (await IsValidAsync(validator, request, ct))
        {
            var (user, field, _) = await create.HandleAsync(request, ct);
            if (user is not null)
            {
                Flash(T["User {0} created.", user.Email]);
                return LocalRedirect($"/admin/users/{user.Id}");
            }
            AddError(field == "email" ? "Email" : "Organization",
                field == "email" ? T["A user with this email already exists."] : T["There is no organization with this slug."]);
        }
        Organizations = await OrganizationChoice.LoadAsync(db, ct);
        return Page();
    }
}
