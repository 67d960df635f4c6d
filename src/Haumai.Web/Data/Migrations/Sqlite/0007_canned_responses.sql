-- 0007 Canned responses (SQLite, T8): saved replies agents insert on a ticket, per team or for all.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "canned_responses" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_canned_responses" PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "team_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_canned_responses_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_canned_responses_team_id" ON "canned_responses" ("team_id");
