using System.CommandLine;
using Haumai.Web.Data;
using Haumai.Web.Features.Demo;
using Haumai.Web.Features.Identity;

namespace Haumai.Web.Infrastructure.Cli;

/// <summary>
/// One executable, several commands. No command (or <c>serve</c>) runs the web server; every
/// other command builds the same host for its configuration and services, does its work, and exits.
/// </summary>
public static class HaumaiCli
{
    private static readonly string[] Commands = ["serve", "migrate", "user", "token", "seed-demo", "schema", "mail", "help"];

    public static async Task<int> RunAsync(string[] args)
    {
        // Host arguments (--urls, --environment, or those a test host passes) go to the server.
        if (args.Length == 0 || (!Commands.Contains(args[0]) && args[0] is not ("--help" or "-h" or "-?" or "--version")))
        {
            return await ServeAsync(args);
        }
        return await Root().Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHaumai();
        var app = builder.Build();
        app.MapHaumai();
        await app.RunAsync();
        return 0;
    }

    private static RootCommand Root()
    {
        var root = new RootCommand("Haumai: after-sales and customer support.");

        var serve = new Command("serve", "Run the web server (the default).");
        var hostArgs = new Argument<string[]>("host-arguments") { Arity = ArgumentArity.ZeroOrMore, Description = "Passed to the host, e.g. --urls http://127.0.0.1:5000" };
        serve.Arguments.Add(hostArgs);
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((pr, ct) => ServeAsync([.. pr.GetValue(hostArgs) ?? [], .. pr.UnmatchedTokens]));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Apply pending database migrations.");
        migrate.SetAction((pr, ct) => WithServices(async (sp, c) =>
        {
            var applied = await sp.GetRequiredService<MigrationRunner>().MigrateAsync(c);
            Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied migrations: {string.Join(", ", applied)}.");
            return 0;
        }, ct, migrateFirst: false));
        root.Subcommands.Add(migrate);

        root.Subcommands.Add(UserCommand());
        root.Subcommands.Add(TokenCommand());

        var seed = new Command("seed-demo", "Fill the database with a realistic demo (organizations, agents, teams, a few hundred tickets).");
        var seedPassword = new Option<string>("--password") { Description = "Password of every demo account.", DefaultValueFactory = _ => SeedDemo.DefaultPassword };
        seed.Options.Add(seedPassword);
        seed.SetAction((pr, ct) => WithServices(async (sp, c) =>
        {
            var (outcome, lines) = await sp.GetRequiredService<SeedDemo.Handler>().HandleAsync(pr.GetValue(seedPassword)!, c);
            var output = outcome == SeedDemo.Outcome.Refused ? Console.Error : Console.Out;
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
            return outcome == SeedDemo.Outcome.Refused ? 2 : 0;
        }, ct));
        root.Subcommands.Add(seed);
        root.Subcommands.Add(SchemaCommand());
        root.Subcommands.Add(MailCommands.Create());
        return root;
    }

    private static Command UserCommand()
    {
        var user = new Command("user", "Manage users.");
        var create = new Command("create", "Create a user.");
        var email = new Option<string>("--email") { Required = true };
        var name = new Option<string>("--name") { Required = true };
        var role = new Option<string>("--role") { Required = true, Description = "admin, agent or customer" };
        role.AcceptOnlyFromAmong("admin", "agent", "customer");
        var org = new Option<string?>("--org") { Description = "The organization's slug (customers)." };
        var orgAdmin = new Option<bool>("--org-admin") { Description = "The customer administers the organization." };
        var password = new Option<string?>("--password") { Description = "Leave out for a user who cannot sign in yet." };
        create.Options.Add(email);
        create.Options.Add(name);
        create.Options.Add(role);
        create.Options.Add(org);
        create.Options.Add(orgAdmin);
        create.Options.Add(password);
        create.SetAction((pr, ct) => WithServices(async (sp, c) =>
        {
            var request = new CreateUser.Request(pr.GetValue(email), pr.GetValue(name), pr.GetValue(role), pr.GetValue(org), pr.GetValue(password), pr.GetValue(orgAdmin));
            var validation = await new CreateUser.Validator().ValidateAsync(request, c);
            if (!validation.IsValid)
            {
                foreach (var e in validation.Errors)
                {
                    Console.Error.WriteLine($"{e.PropertyName}: {e.ErrorMessage}");
                }
                return 2;
            }
            var (created, field, error) = await sp.GetRequiredService<CreateUser.Handler>().HandleAsync(request, c);
            if (created is null)
            {
                Console.Error.WriteLine($"{field}: {error}");
                return 2;
            }
            Console.WriteLine($"Created {created.Role.ToString().ToLowerInvariant()} {created.Email} (id {created.Id}).");
            return 0;
        }, ct));
        user.Subcommands.Add(create);
        return user;
    }

    private static Command TokenCommand()
    {
        var token = new Command("token", "Manage API tokens.");
        var create = new Command("create", "Create an API token; prints it as the last line (it is shown only once).");
        var user = new Option<string>("--user") { Required = true, Description = "The user's email." };
        var name = new Option<string>("--name") { Required = true, Description = "What the token is for." };
        create.Options.Add(user);
        create.Options.Add(name);
        create.SetAction((pr, ct) => WithServices(async (sp, c) =>
        {
            var tokenName = pr.GetValue(name)!;
            if (string.IsNullOrWhiteSpace(tokenName) || tokenName.Length > 100)
            {
                Console.Error.WriteLine("name: a token name is 1 to 100 characters.");
                return 2;
            }
            var created = await sp.GetRequiredService<CreateApiToken.Handler>().HandleAsync(pr.GetValue(user)!, tokenName, c);
            if (created is null)
            {
                Console.Error.WriteLine($"user: there is no active user {pr.GetValue(user)}.");
                return 2;
            }
            Console.WriteLine($"Token '{created.Name}' (id {created.Id}) for {pr.GetValue(user)}. Keep it secret; it is not shown again:");
            Console.WriteLine(created.Token);
            return 0;
        }, ct));
        token.Subcommands.Add(create);
        return token;
    }

    /// <summary>
    /// <c>haumai schema script --provider P</c> prints the schema the EF model wants, as DDL for one
    /// provider. It is the starting point of a new migration: compare it with the last migrated
    /// schema and write the difference as the next NNNN_name.sql (docs/adr/001-sql-migrations.md).
    /// </summary>
    private static Command SchemaCommand()
    {
        var schema = new Command("schema", "Developer tools for the database schema.");
        var script = new Command("script", "Print the model's schema as SQL DDL for a provider.");
        var provider = new Option<DatabaseProvider>("--provider") { DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        script.Options.Add(provider);
        script.SetAction(pr =>
        {
            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<HaumaiDb>();
            DatabaseSetup.Configure(options, pr.GetValue(provider),
                pr.GetValue(provider) == DatabaseProvider.Postgres ? "Host=unused" : "Data Source=:memory:");
            using var db = new HaumaiDb(options.Options);
            Console.WriteLine(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GenerateCreateScript(db.Database));
            return 0;
        });
        schema.Subcommands.Add(script);
        return schema;
    }

    /// <summary>Builds the host (configuration, services, migrated database) and runs one piece of work in a scope.</summary>
    private static async Task<int> WithServices(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct, bool migrateFirst = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddHaumai();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        if (migrateFirst)
        {
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        return await work(scope.ServiceProvider, ct);
    }
}
