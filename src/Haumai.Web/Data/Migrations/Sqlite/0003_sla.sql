-- 0003 SLA policies and the queue's due-time sort (SQLite). Written from 'haumai schema script
-- --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md. Forward only.
-- Policies name their calendar by slug, not by foreign key: calendars are another feature's table.

CREATE TABLE "sla_policies" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_sla_policies" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "calendar_slug" TEXT NOT NULL,
    "category_id" INTEGER NULL,
    "team_id" INTEGER NULL,
    "plan" TEXT NULL,
    "has_contract" INTEGER NULL,
    "is_default" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_sla_policies_categories_category_id" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_sla_policies_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT
);

CREATE TABLE "sla_targets" (
    "sla_policy_id" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "first_response_minutes" INTEGER NOT NULL,
    "next_response_minutes" INTEGER NULL,
    "resolution_minutes" INTEGER NULL,
    CONSTRAINT "PK_sla_targets" PRIMARY KEY ("sla_policy_id", "priority"),
    CONSTRAINT "FK_sla_targets_sla_policies_sla_policy_id" FOREIGN KEY ("sla_policy_id") REFERENCES "sla_policies" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_sla_policies_category_id" ON "sla_policies" ("category_id");

CREATE INDEX "IX_sla_policies_team_id" ON "sla_policies" ("team_id");

-- Existing tickets get their due time at their next change (or when a policy is saved).
ALTER TABLE "tickets" ADD COLUMN "next_sla_due_at" TEXT NULL;

CREATE INDEX "ix_tickets_sla_due" ON "tickets" ("is_open", "next_sla_due_at", "id");

CREATE INDEX "ix_tickets_sla_due_team" ON "tickets" ("team_id", "is_open", "next_sla_due_at", "id");

-- The source policies' promise (S2): first response within 1, 4, 8 and 24 hours by priority, the
-- same for each later customer message; no resolution target (they promise none: the estimated
-- completion time, T6, is how that is communicated). Technical support counts 24/7; sales counts
-- office hours, and its policy is tried first.
-- Without the team the Sales policy would have no condition at all and take every ticket: it is
-- only installed where the team is.
INSERT INTO sla_policies (name, name_en, position, calendar_slug, category_id, team_id, plan, has_contract, is_default, created_at, updated_at)
SELECT 'Kinh doanh', 'Sales', 10, 'office-hours', NULL, id, NULL, NULL, 0, strftime('%Y-%m-%d %H:%M:%S', 'now'), strftime('%Y-%m-%d %H:%M:%S', 'now') FROM teams WHERE slug = 'sales';

INSERT INTO sla_policies (name, name_en, position, calendar_slug, category_id, team_id, plan, has_contract, is_default, created_at, updated_at)
VALUES ('Mặc định', 'Default', 1000, '24x7', NULL, NULL, NULL, NULL, 1, strftime('%Y-%m-%d %H:%M:%S', 'now'), strftime('%Y-%m-%d %H:%M:%S', 'now'));

INSERT INTO sla_targets (sla_policy_id, priority, first_response_minutes, next_response_minutes, resolution_minutes)
SELECT p.id, t.priority, t.minutes, t.minutes, NULL
FROM sla_policies p
CROSS JOIN (SELECT 1 AS priority, 60 AS minutes UNION ALL SELECT 2, 240 UNION ALL SELECT 3, 480 UNION ALL SELECT 4, 1440) t;
