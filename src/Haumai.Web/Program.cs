using Haumai.Web.Infrastructure.Cli;

return await HaumaiCli.RunAsync(args);

/// <summary>The entry point; visible to the test host (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
