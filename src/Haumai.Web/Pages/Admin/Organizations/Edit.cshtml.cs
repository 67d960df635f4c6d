using System.Globalization;
using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Organizations;

/// <summary>One organization: name and plan, its support contract, and its people.</summary>
public sealed class EditModel(
    HaumaiDb db,
    SaveOrganization.Handler save,
    IValidator<SaveOrganization.Request> validator,
    SaveContract.Handler contracts,
    IValidator<SaveContract.Request> contractValidator,
    TimeProvider clock,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public const string ContractPrefix = "Contract";

    /// <summary>The contract form. Dates travel as yyyy-MM-dd (what &lt;input type=date&gt; sends) whatever the page's language.</summary>
    public sealed class ContractForm
    {
        public string? Number { get; set; }
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }
        public string? Terms { get; set; }
    }

    public sealed record MemberRow(int Id, string Name, string Email, bool IsOrgAdmin, bool IsActive);

    [BindProperty] public OrganizationForm Input { get; set; } = new();
    [BindProperty] public ContractForm Contract { get; set; } = new();

    public Organization Organization { get; private set; } = null!;
    public bool ContractInForce { get; private set; }
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public int MemberCount { get; private set; }
    public int OpenTickets { get; private set; }

    /// <summary>The members listed here; the rest are on the users page, filtered to this organization.</summary>
    public const int MembersShown = 50;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, fillInput: true, fillContract: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            switch ((await save.UpdateAsync(id, request, ct)).Outcome)
            {
                case SaveOrganization.Outcome.NotFound:
                    return NotFound();
                case SaveOrganization.Outcome.Saved:
                    Flash(T["Saved."]);
                    return LocalRedirect($"/admin/organizations/{id}");
                default:
                    AddError("Slug", T["The slug does not change: integrations refer to it."]);
                    break;
            }
        }
        return await LoadAsync(id, fillInput: false, fillContract: true, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostContractAsync(int id, CancellationToken ct)
    {
        ModelState.Clear();
        var startsOk = TryDate(Contract.StartsOn, out var startsOn);
        var endsOk = TryDate(Contract.EndsOn, out var endsOn);
        if (!startsOk)
        {
            ModelState.AddModelError($"{ContractPrefix}.StartsOn", T["Enter a date."]);
        }
        if (!endsOk)
        {
            ModelState.AddModelError($"{ContractPrefix}.EndsOn", T["Enter a date."]);
        }
        var request = new SaveContract.Request(Contract.Number, startsOn, endsOn, Contract.Terms);
        var validation = await contractValidator.ValidateAsync(request, ct);
        foreach (var failure in validation.Errors.Where(f => ModelState[$"{ContractPrefix}.{f.PropertyName}"] is null))
        {
            ModelState.AddModelError($"{ContractPrefix}.{failure.PropertyName}", Localize(failure, T));
        }
        if (ModelState.IsValid)
        {
            if (!await contracts.SaveAsync(id, request, ct))
            {
                return NotFound();
            }
            Flash(T["Contract saved."]);
            return LocalRedirect($"/admin/organizations/{id}#contract");
        }
        return await LoadAsync(id, fillInput: true, fillContract: false, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEndContractAsync(int id, CancellationToken ct)
    {
        if (!await contracts.EndAsync(id, ct))
        {
            return NotFound();
        }
        Flash(T["The contract is removed."]);
        return LocalRedirect($"/admin/organizations/{id}#contract");
    }

    /// <summary>Empty is no date (null); anything else must be yyyy-MM-dd.</summary>
    private static bool TryDate(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }
        return false;
    }

    public static string DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private async Task<bool> LoadAsync(int id, bool fillInput, bool fillContract, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Contract).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null)
        {
            return false;
        }
        Organization = organization;
        if (fillInput)
        {
            Input = OrganizationForm.From(organization);
        }
        if (fillContract)
        {
            Contract = organization.Contract is { } c
                ? new ContractForm { Number = c.Number, StartsOn = DateValue(c.StartsOn), EndsOn = DateValue(c.EndsOn), Terms = c.Terms }
                : new ContractForm();
        }
        ContractInForce = organization.Contract?.IsActiveOn(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) == true;
        var members = db.Users.AsNoTracking().Where(u => u.OrganizationId == id && u.Role == Role.Customer);
        MemberCount = await members.CountAsync(ct);
        Members = await members.OrderByDescending(u => u.IsOrgAdmin).ThenBy(u => u.Name).Take(MembersShown)
            .Select(u => new MemberRow(u.Id, u.Name, u.Email, u.IsOrgAdmin, u.IsActive)).ToListAsync(ct);
        OpenTickets = await db.Tickets.CountAsync(t => t.OrganizationId == id && t.IsOpen, ct);
        return true;
    }
}
