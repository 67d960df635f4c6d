namespace Haumai.Web.Features.Organizations;

/// <summary>What a customer organization pays for: it decides free allowances and SLA policies.</summary>
public enum Plan
{
    Free = 0,
    Paid = 1,
}

/// <summary>A customer organization (a company that buys the provider's services).</summary>
public sealed class Organization
{
    private Organization() { }

    public Organization(string slug, string name, Plan plan, DateTime now)
    {
        Slug = slug.Trim().ToLowerInvariant();
        Name = name.Trim();
        Plan = plan;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public Plan Plan { get; private set; }
    public Contract? Contract { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void ChangePlan(Plan plan) => Plan = plan;

    public void Rename(string name) => Name = name.Trim();

    /// <summary>Signs (or replaces) the organization's support contract.</summary>
    public void SignContract(string number, DateOnly startsOn, DateOnly? endsOn, string? terms)
    {
        if (endsOn is { } end && end < startsOn)
        {
            throw new ArgumentException("A contract cannot end before it starts.", nameof(endsOn));
        }
        Contract = new Contract(number.Trim(), startsOn, endsOn, terms?.Trim());
    }

    public void EndContract() => Contract = null;
}

/// <summary>An organization's support contract: what is included and for how long.</summary>
public sealed class Contract
{
    private Contract() { }

    internal Contract(string number, DateOnly startsOn, DateOnly? endsOn, string? terms)
    {
        Number = number;
        StartsOn = startsOn;
        EndsOn = endsOn;
        Terms = terms;
    }

    public int Id { get; private set; }
    public int OrganizationId { get; private set; }
    public string Number { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly? EndsOn { get; private set; }
    public string? Terms { get; private set; }

    public bool IsActiveOn(DateOnly day) => day >= StartsOn && (EndsOn is null || day <= EndsOn);
}
