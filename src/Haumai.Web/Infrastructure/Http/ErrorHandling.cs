using System.Text.Json;
using Haumai.Web.Features.Tickets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Infrastructure.Http;

/// <summary>
/// Turns what escapes a handler into problem details: broken JSON names the field it broke at,
/// a broken ticket rule is a 409 with the rule's code as its type, a lost race is a 409 too.
/// </summary>
public sealed class ErrorHandling(IProblemDetailsService problems, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BadJson(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => new ProblemDetails
            {
                Status = 413, Type = Problems.PayloadTooLarge, Title = "Request too large", Detail = bad.Message,
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } bad => new ProblemDetails
            {
                Status = 415, Type = Problems.UnsupportedMediaType, Title = "Unsupported media type", Detail = bad.Message,
            },
            BadHttpRequestException bad => new ValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [bad.Message] })
            {
                Status = bad.StatusCode, Type = Problems.Validation, Title = "Invalid request", Detail = bad.Message,
            },
            TicketRuleException rule => new ProblemDetails
            {
                Status = 409, Type = Problems.Rule(rule.Code), Title = "The ticket does not allow this", Detail = rule.Message,
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = 409, Type = Problems.ConcurrentUpdate, Title = "Changed by someone else",
                Detail = "The ticket changed while this request was being handled. Load it again and retry.",
            },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            return false;
        }
        http.Response.StatusCode = problem.Status ?? 400;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ValidationProblemDetails BadJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["This value is not valid here."] })
        {
            Status = 400, Type = Problems.Validation, Title = "Invalid request", Detail = $"The JSON body is not valid at '{field}'.",
        };
    }
}
