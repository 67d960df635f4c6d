namespace Haumai.Bench;

public sealed record LoadOptions(
    Uri Url,
    string AdminToken,
    string? AgentToken,
    string? RequestersFile,
    int? Pid,
    double CreateSeconds,
    double QueueSeconds,
    double Warmup,
    int Clients,
    int QueuePage,
    int MaxRequests,
    IReadOnlySet<string> Scenarios)
{
    public static readonly string[] AllScenarios = ["queue", "create", "pages"];

    public static LoadOptions From(Args args)
    {
        var info = args.Get("info") is { } path ? Generator.ReadInfoAsync(path, CancellationToken.None).GetAwaiter().GetResult() : null;
        var options = new LoadOptions(
            new Uri(args.Require("url")),
            args.Get("token") ?? info?.AdminToken ?? throw new ArgumentException("--token (an admin's API token) or --info is required."),
            args.Get("agent-token") ?? info?.AgentToken,
            args.Get("requesters") ?? info?.RequestersFile,
            args.Get("pid") is { } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null,
            args.Double("seconds", 20),
            args.Double("queue-seconds", 10),
            args.Double("warmup", 5),
            args.Int("clients", 16),
            args.Int("page", 500),
            args.Int("max-requests", 500_000),
            ParseScenarios(args.Get("scenarios")));
        args.EnsureAllUsed();
        return options;
    }

    public static IReadOnlySet<string> ParseScenarios(string? value)
    {
        var set = (value ?? string.Join(',', AllScenarios)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        if (set.Except(AllScenarios).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"Unknown scenario '{unknown}'; the scenarios are {string.Join(", ", AllScenarios)}.");
        }
        return set;
    }
}
