using Haumai.Tests.Support;
using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Data;

/// <summary>
/// The hand-written SQL migrations must build exactly the schema the EF model expects: the same
/// tables, column types, nullability, keys, indexes and foreign keys. Both sides are read back from
/// the database catalog, so a forgotten index or a wrong ON DELETE in a migration shows up here
/// and not in production.
/// </summary>
public abstract class SchemaMatchesModelTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_migrated_schema_is_the_schema_of_the_EF_model()
    {
        await using var migrated = await ScratchDatabase.CreateAsync(provider);
        await using var modelled = await ScratchDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();
        await using (var db = modelled.NewContext())
        {
            (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
        }

        var model = await modelled.ReadSchemaAsync();
        var actual = await migrated.ReadSchemaAsync();

        model.Tables.Count.ShouldBeGreaterThanOrEqualTo(13, "the schema reader found too few tables in the model's database");
        var differences = SchemaComparer.Compare(model, actual);
        differences.ShouldBeEmpty(
            $"The {provider} migrations do not build the schema of the EF model (write the next NNNN_name.sql, see 'haumai schema script'):{Environment.NewLine}{SchemaComparer.Format(differences)}");
    }

    /// <summary>Guards the guard: a migrated database that drifted from the model is caught, in words.</summary>
    [Fact]
    public async Task A_schema_that_drifted_from_the_model_is_reported()
    {
        await using var migrated = await ScratchDatabase.CreateAsync(provider);
        await using var modelled = await ScratchDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();
        await using (var db = modelled.NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }
        var (sql, expected) = Drift();
        await using (var db = migrated.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        var differences = SchemaComparer.Compare(await modelled.ReadSchemaAsync(), await migrated.ReadSchemaAsync());

        differences.ShouldBe(expected, ignoreOrder: true, SchemaComparer.Format(differences));
    }

    private (string Sql, string[] Differences) Drift() => provider == DatabaseProvider.Sqlite
        ? ("""
           DROP INDEX "IX_users_email"; CREATE INDEX "IX_users_email" ON users (email);
           DROP INDEX ix_tickets_queue; CREATE INDEX ix_tickets_queue ON tickets (priority, is_open, id);
           ALTER TABLE tickets ADD COLUMN legacy TEXT NULL;
           CREATE TABLE scratch (id INTEGER NOT NULL PRIMARY KEY);
           """,
           [
               "index on users: IX_users_email: model has UNIQUE (email), migrations have (email)",
               "index on tickets: ix_tickets_queue: model has (is_open, priority, id), migrations have (priority, is_open, id)",
               "column tickets.legacy: migrations have TEXT NULL, not in the model",
               "table scratch: in the migrations, not in the model",
           ])
        : ("""
           DROP INDEX "IX_users_email"; CREATE INDEX "IX_users_email" ON users (email);
           DROP INDEX ix_tickets_queue; CREATE INDEX ix_tickets_queue ON tickets (priority, is_open, id);
           ALTER TABLE tickets ADD COLUMN legacy text NULL;
           ALTER TABLE tickets ALTER COLUMN subject TYPE text;
           ALTER TABLE tickets ALTER COLUMN assignee_id SET NOT NULL;
           ALTER TABLE tickets DROP CONSTRAINT "FK_tickets_teams_team_id";
           ALTER TABLE tickets ADD CONSTRAINT "FK_tickets_teams_team_id" FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE;
           ALTER TABLE tickets ALTER COLUMN id RESTART WITH 1;
           ALTER TABLE tickets ALTER COLUMN id SET START WITH 1;
           DROP TABLE ticket_tags;
           """,
           [
               "index on users: IX_users_email: model has UNIQUE USING btree (email), migrations have USING btree (email)",
               "index on tickets: ix_tickets_queue: model has USING btree (is_open, priority, id), migrations have USING btree (priority, is_open, id)",
               "column tickets.legacy: migrations have text NULL, not in the model",
               "column tickets.subject: model has character varying(250) NOT NULL, migrations have text NOT NULL",
               "column tickets.assignee_id: model has integer NULL, migrations have integer NOT NULL",
               "column tickets.id: model has bigint NOT NULL identity by default start 10001 increment 1, migrations have bigint NOT NULL identity by default start 1 increment 1",
               "foreign key tickets (team_id) -> teams (id): model has ON DELETE SET NULL named FK_tickets_teams_team_id, migrations have ON DELETE CASCADE named FK_tickets_teams_team_id",
               "table ticket_tags: in the model, missing from the migrations",
           ]);

    /// <summary>Guards the guard: a reader that sees nothing would find no differences either.</summary>
    [Fact]
    public async Task The_schema_reader_sees_columns_keys_indexes_and_foreign_keys()
    {
        await using var migrated = await ScratchDatabase.CreateAsync(provider);
        await migrated.MigrateAsync();

        var schema = await migrated.ReadSchemaAsync();

        schema.Tables.Select(t => t.Name).ShouldNotContain("schema_migrations");
        schema.Tables.Select(t => t.Name).ShouldNotContain("sqlite_sequence");
        var tickets = schema.Tables.Single(t => t.Name == "tickets");
        var subject = tickets.Columns.Single(c => c.Name == "subject");
        subject.Nullable.ShouldBeFalse();
        subject.Type.ShouldBe(provider == DatabaseProvider.Sqlite ? "TEXT" : "character varying(250)");
        tickets.Columns.Single(c => c.Name == "assignee_id").Nullable.ShouldBeTrue();
        tickets.Columns.Single(c => c.Name == "id").Generation.ShouldBe(
            provider == DatabaseProvider.Sqlite ? "autoincrement" : "identity by default start 10001 increment 1");
        tickets.PrimaryKey!.Columns.ShouldBe(["id"]);
        var queue = tickets.Indexes.Single(i => i.Name == "ix_tickets_queue");
        queue.Columns.ShouldBe(["is_open", "priority", "id"]);
        queue.Unique.ShouldBeFalse();
        var requester = tickets.ForeignKeys.Single(f => f.Columns.SequenceEqual(["requester_id"]));
        requester.PrincipalTable.ShouldBe("users");
        requester.PrincipalColumns.ShouldBe(["id"]);
        requester.OnDelete.ShouldBe("RESTRICT");
        tickets.ForeignKeys.Single(f => f.Columns.SequenceEqual(["team_id"])).OnDelete.ShouldBe("SET NULL");

        schema.Tables.Single(t => t.Name == "team_members").PrimaryKey!.Columns.ShouldBe(["team_id", "user_id"]);
        schema.Tables.Single(t => t.Name == "users").Indexes.Single(i => i.Name == "IX_users_email").Unique.ShouldBeTrue();
        schema.Tables.Single(t => t.Name == "idempotency_records").Indexes.Single(i => i.Name == "IX_idempotency_records_user_id_key")
            .Columns.ShouldBe(["user_id", "key"]);
    }
}

public sealed class SqliteSchemaMatchesModelTests() : SchemaMatchesModelTests(DatabaseProvider.Sqlite);

public sealed class PostgresSchemaMatchesModelTests() : SchemaMatchesModelTests(DatabaseProvider.Postgres);
