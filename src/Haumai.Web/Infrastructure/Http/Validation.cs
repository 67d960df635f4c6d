using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haumai.Web.Infrastructure.Http;

public static class Validation
{
    /// <summary>400 problem details whose <c>errors</c> name each bad field (camelCase, as in the JSON).</summary>
    public static ValidationProblem Problem(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail ?? "The request has invalid fields.", title: "Invalid request", type: Problems.Validation);

    public static ValidationProblem Problem(string field, string message) =>
        Problem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Problem(FluentValidation.Results.ValidationResult result) =>
        Problem(result.Errors
            .GroupBy(e => CamelPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));

    private static string CamelPath(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));

    /// <summary>Runs the request's validator before the handler; an invalid request never reaches it.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null)
            {
                return Problem("body", "A JSON body is required.");
            }
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : Problem(result);
        }).ProducesValidationProblem();
}
