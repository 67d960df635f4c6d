using Haumai.Web.Data;

namespace Haumai.Web.Features.Demo;

/// <summary><c>haumai seed-demo</c>: a realistic demo data set.</summary>
public static class SeedDemo
{
    public const string DefaultPassword = "Haumai@2026";

    public sealed class Handler(HaumaiDb db)
    {
        public Task<IReadOnlyList<string>> HandleAsync(string password, CancellationToken ct)
        {
            _ = db;
            _ = password;
            _ = ct;
            return Task.FromResult<IReadOnlyList<string>>(["Demo seeding is being written."]);
        }
    }
}
