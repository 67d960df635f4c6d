using System.Globalization;
using System.Text;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haumai.Web.Features.Reports;

/// <summary>
/// S4 / R1 reports for staff. Agents see the figures of the tickets they may see (their teams'
/// and their own), admins all: the report starts from <see cref="TicketAccess"/> like every
/// ticket query, so it cannot leak another team's subjects through the breach list.
/// </summary>
public static class ReportEndpoints
{
    public static IServiceCollection AddReports(this IServiceCollection services) =>
        services.AddScoped<SlaComplianceReport>();

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports");
        reports.MapGet("/sla", SlaAsync).WithName("SlaComplianceReport").RequireAuthorization(AuthSetup.StaffPolicy);
        return app;
    }

    /// <summary>
    /// <c>?from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;groupBy=priority|team|category|plan|month&amp;team=&amp;category=&amp;plan=</c>;
    /// JSON by default, CSV with <c>format=csv</c> or <c>Accept: text/csv</c> (<c>part=breaches</c> for the breach list).
    /// </summary>
    private static async Task<Results<Ok<SlaReportResponse>, FileContentHttpResult, PushStreamHttpResult, ValidationProblem>> SlaAsync(
        HttpContext http, HaumaiDb db, CurrentUser user, SlaComplianceReport report, CancellationToken ct,
        string? from = null, string? to = null, string? groupBy = null, string? team = null, string? category = null, string? plan = null,
        string? format = null, string? part = null)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDate = Date(from, "from", errors);
        var toDate = Date(to, "to", errors);
        if (fromDate is { } f && toDate is { } t)
        {
            if (t < f)
            {
                errors["to"] = ["'to' is before 'from'."];
            }
            else if (t.DayNumber - f.DayNumber + 1 > SlaComplianceReport.MaxDays)
            {
                errors["to"] = [$"A report covers at most {SlaComplianceReport.MaxDays} days."];
            }
        }
        var grouping = ReportGrouping.Priority;
        if (groupBy is not null && !Enums.TryParse(groupBy, out grouping))
        {
            errors["groupBy"] = [$"groupBy must be one of: {Enums.Names<ReportGrouping>()}."];
        }
        var csv = format switch
        {
            null => http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)),
            _ when format.Equals("csv", StringComparison.OrdinalIgnoreCase) => true,
            _ when format.Equals("json", StringComparison.OrdinalIgnoreCase) => false,
            _ => Bad(errors, "format", "format must be json or csv."),
        };
        var breachesOnly = part switch
        {
            null => false,
            _ when part.Equals("groups", StringComparison.OrdinalIgnoreCase) => false,
            _ when part.Equals("breaches", StringComparison.OrdinalIgnoreCase) => true,
            _ => Bad(errors, "part", "part must be groups or breaches."),
        };
        if (errors.Count > 0)
        {
            return Validation.Problem(errors);
        }
        // The same filters, names and messages as the queue's.
        var (filter, field, error) = await ListQueue.ParseFilterAsync(db, user.Id, team, null, null, category, plan, ct);
        if (filter is null)
        {
            return Validation.Problem(field!, error!);
        }
        var query = new SlaComplianceReport.Query(fromDate!.Value, toDate!.Value, grouping, filter.TeamId, filter.CategoryId, filter.Plan);
        var name = FormattableString.Invariant($"sla-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}");

        if (csv && breachesOnly)
        {
            // Streamed as the batches are computed: the export is every breach, not the JSON's
            // capped list, and memory still holds one batch.
            return TypedResults.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, Csv.Encoding, bufferSize: 16 * 1024, leaveOpen: true);
                await writer.WriteAsync(Csv.Row("ticket_id", "number", "subject", "priority", "team", "category", "clock", "due", "stopped_at", "open", "overdue_minutes"));
                await foreach (var ticket in report.EvaluateAsync(query, http.RequestAborted))
                {
                    foreach (var b in SlaComplianceReport.BreachesOf(ticket))
                    {
                        await writer.WriteAsync(Csv.Row(
                            b.TicketId, b.Number, b.Subject, SlaComplianceReport.Name(b.Priority), b.Team, b.Category,
                            SlaComplianceReport.Name(b.Clock), b.Due, b.StoppedAt, b.Open, b.OverdueMinutes));
                    }
                }
            }, Csv.ContentType, name + "-breaches.csv");
        }

        var result = await report.RunAsync(query, ct);
        if (!csv)
        {
            return TypedResults.Ok(result);
        }
        var text = new StringBuilder(Csv.Row(
            "group", "name", "tickets", "clock", "measured", "met", "breached", "running",
            "compliance_percent", "average_minutes_to_stop", "p90_minutes_to_stop"));
        foreach (var g in result.Groups)
        {
            foreach (var c in g.Clocks)
            {
                text.Append(Csv.Row(
                    g.Key, g.Name, g.Tickets, SlaComplianceReport.Name(c.Clock), c.Measured, c.Met, c.Breached, c.Running,
                    c.CompliancePercent, c.AverageMinutesToStop, c.P90MinutesToStop));
            }
        }
        return TypedResults.File([.. Csv.Encoding.GetPreamble(), .. Csv.Encoding.GetBytes(text.ToString())], Csv.ContentType, name + ".csv");
    }

    private static DateOnly? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"'{field}' is required (YYYY-MM-DD)."];
            return null;
        }
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = [$"'{field}' must be a date as YYYY-MM-DD."];
            return null;
        }
        return date;
    }

    private static bool Bad(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return false;
    }
}
