using System.Net;
using Haumai.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.BrowserTests.Support;

/// <summary>
/// The real app on a real socket: Kestrel on 127.0.0.1 and a free port the OS picks, SQLite in its
/// own data folder, schema from the app's migrations at start-up (as in production). A browser
/// cannot reach the in-memory TestServer, hence <see cref="WebApplicationFactory{T}.UseKestrel(Action{Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions})"/>.
/// </summary>
public sealed class HaumaiServer : WebApplicationFactory<Program>
{
    /// <summary>
    /// The header a browser context sends to take a client address of its own (see
    /// <see cref="ClientAddressFromHeader"/>).
    /// </summary>
    public const string ClientIpHeader = "X-Test-Client-Ip";

    public HaumaiServer(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash; known once <see cref="Start"/> returned.</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? ClientOptions.BaseAddress?.ToString()
            ?? throw new InvalidOperationException("Kestrel started but reported no address.");
        BaseUrl = address.TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    /// <summary>
    /// The sign-in page allows ten requests a minute per client address, and every browser of a
    /// test run comes from 127.0.0.1. As in Haumai.Tests' SignInHelper, each browser context says
    /// which (made-up) client it is in a test header, so that each actor has a budget of its own;
    /// the limiter itself is untouched. Never part of the app: only this test host adds it.
    /// </summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientIpHeader].ToString(), out var ip))
                {
                    http.Connection.RemoteIpAddress = ip;
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
