namespace Haumai.Web.Features.Tickets;

/// <summary>
/// A request that is well formed but breaks a rule of the ticket's life (T4), e.g. reopening a
/// closed ticket. The API answers it with 409 and the <see cref="Code"/> as the problem type.
/// </summary>
public sealed class TicketRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
