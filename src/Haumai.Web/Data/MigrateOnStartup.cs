using Microsoft.Extensions.Options;

namespace Haumai.Web.Data;

/// <summary>
/// Applies pending migrations before the web server starts taking requests (hosted services
/// start in order, and this one is registered before the server's).
/// </summary>
public sealed class MigrateOnStartup(IServiceProvider services, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
