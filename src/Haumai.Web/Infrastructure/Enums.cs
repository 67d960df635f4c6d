namespace Haumai.Web.Infrastructure;

/// <summary>
/// Enum names as the API writes them: snake_case (<c>on_hold</c>), case-insensitive on input.
/// Numbers are refused: <c>"priority": "1"</c> is a mistake, not a priority.
/// </summary>
public static class Enums
{
    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        if (string.IsNullOrWhiteSpace(value) || char.IsDigit(value.Trim()[0]) || value.Trim()[0] == '-')
        {
            return false;
        }
        return Enum.TryParse(value.Replace("_", "", StringComparison.Ordinal).Trim(), ignoreCase: true, out result)
            && Enum.IsDefined(result);
    }

    public static T Parse<T>(string value) where T : struct, Enum =>
        TryParse<T>(value, out var result) ? result : throw new ArgumentException($"'{value}' is not a {typeof(T).Name}.");

    public static string Names<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
}
