using Haumai.Tests.Support;

namespace Haumai.Tests.Data;

/// <summary>The schema comparison can fail: it names every kind of difference it is meant to catch.</summary>
public sealed class SchemaComparerTests
{
    private static DatabaseSchema Schema(
        string subjectType = "TEXT",
        bool assigneeNullable = true,
        bool queueUnique = false,
        string[]? queueColumns = null,
        string onDelete = "RESTRICT",
        string[]? primaryKey = null,
        bool withTags = true,
        bool withCategoryIndex = true,
        string? idGeneration = "autoincrement") =>
        new([
            new TableSchema(
                "tickets",
                [
                    new ColumnSchema("id", "INTEGER", false, Generation: idGeneration),
                    new ColumnSchema("subject", subjectType, false),
                    new ColumnSchema("assignee_id", "INTEGER", assigneeNullable),
                    new ColumnSchema("requester_id", "INTEGER", false),
                ],
                new PrimaryKeySchema(null, primaryKey ?? ["id"]),
                [
                    new IndexSchema("ix_tickets_queue", queueColumns ?? ["is_open", "priority", "id"], queueUnique),
                    .. withCategoryIndex ? [new IndexSchema("IX_tickets_category_id", ["category_id"], false)] : Array.Empty<IndexSchema>(),
                ],
                [new ForeignKeySchema(null, ["requester_id"], "users", ["id"], onDelete)],
                []),
            .. withTags ? [new TableSchema("ticket_tags", [new ColumnSchema("name", "TEXT", false)], null, [], [], [])] : Array.Empty<TableSchema>(),
        ]);

    [Fact]
    public void Identical_schemas_have_no_differences()
    {
        SchemaComparer.Compare(Schema(), Schema()).ShouldBeEmpty();
    }

    [Fact]
    public void Every_kind_of_difference_is_reported_in_words()
    {
        var model = Schema();
        var migrated = Schema(
            subjectType: "BLOB",
            assigneeNullable: false,
            queueUnique: true,
            onDelete: "CASCADE",
            primaryKey: ["id", "subject"],
            withTags: false,
            withCategoryIndex: false,
            idGeneration: null);

        var differences = SchemaComparer.Compare(model, migrated);
        var text = SchemaComparer.Format(differences);

        differences.Count.ShouldBe(8, text);
        text.ShouldContain("table ticket_tags: in the model, missing from the migrations");
        text.ShouldContain("column tickets.subject: model has TEXT NOT NULL, migrations have BLOB NOT NULL");
        text.ShouldContain("column tickets.assignee_id: model has INTEGER NULL, migrations have INTEGER NOT NULL");
        text.ShouldContain("column tickets.id: model has INTEGER NOT NULL autoincrement, migrations have INTEGER NOT NULL");
        text.ShouldContain("primary key of tickets: model has (id), migrations have (id, subject)");
        text.ShouldContain("index on tickets: ix_tickets_queue: model has (is_open, priority, id), migrations have UNIQUE (is_open, priority, id)");
        text.ShouldContain("index on tickets: IX_tickets_category_id: model has (category_id), missing from the migrations");
        text.ShouldContain("foreign key tickets (requester_id) -> users (id): model has ON DELETE RESTRICT, migrations have ON DELETE CASCADE");
    }

    [Fact]
    public void Index_column_order_and_extra_objects_count()
    {
        var differences = SchemaComparer.Compare(Schema(withTags: false), Schema(queueColumns: ["priority", "is_open", "id"]));

        differences.ShouldBe([
            "table ticket_tags: in the migrations, not in the model",
            "index on tickets: ix_tickets_queue: model has (is_open, priority, id), migrations have (priority, is_open, id)",
        ], ignoreOrder: true);
    }
}
