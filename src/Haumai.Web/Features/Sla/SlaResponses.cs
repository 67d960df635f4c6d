using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Sla;

public sealed record SlaPolicyRef(int Id, string Name, string Calendar);

/// <summary>
/// A ticket's SLA as staff and the requester see it: the policy that applies and its clocks
/// (first response, then next response and resolution when the policy has those targets and
/// they have started). Times carry the calendar's offset.
/// </summary>
public sealed record SlaResponse(SlaPolicyRef Policy, IReadOnlyList<SlaClock> Clocks);

public sealed record SlaConditionsResponse(string? Category, int? TeamId, Plan? Plan, bool? HasContract);

public sealed record SlaTargetResponse(Priority Priority, int FirstResponseMinutes, int? NextResponseMinutes, int? ResolutionMinutes);

public sealed record SlaPolicyResponse(
    int Id,
    string Name,
    string NameEn,
    int Position,
    string Calendar,
    bool IsDefault,
    SlaConditionsResponse Conditions,
    IReadOnlyList<SlaTargetResponse> Targets,
    DateTime UpdatedAt);
