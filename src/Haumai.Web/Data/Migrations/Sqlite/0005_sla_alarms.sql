-- 0005 SLA alarms (SQLite): warnings and breaches as rows, so they survive a restart and fire once.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.
-- Open tickets get their alarms at their next change.

CREATE TABLE "sla_alarms" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_sla_alarms" PRIMARY KEY AUTOINCREMENT,
    "ticket_id" INTEGER NOT NULL,
    "clock" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cycle_started_at" TEXT NOT NULL,
    "fire_at" TEXT NOT NULL,
    "fired_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_sla_alarms_tickets_ticket_id" FOREIGN KEY ("ticket_id") REFERENCES "tickets" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_sla_alarms_due" ON "sla_alarms" ("fired_at", "fire_at");

CREATE UNIQUE INDEX "ux_sla_alarms_cycle" ON "sla_alarms" ("ticket_id", "clock", "kind", "cycle_started_at");

