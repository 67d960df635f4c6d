-- 0006 ETA (PostgreSQL, T6): a typical effort per category, and the estimated completion time of a ticket.
-- Written from 'haumai schema script --provider Postgres' and reviewed; see docs/adr/001-sql-migrations.md.
-- Open tickets get their ETA at their next change (creation, priority, team, category or status).

ALTER TABLE categories ADD COLUMN typical_effort_minutes integer NOT NULL DEFAULT 60;

ALTER TABLE tickets ADD COLUMN eta_at timestamp with time zone;

ALTER TABLE tickets ADD COLUMN eta_source character varying(16);

-- Business minutes a ticket of each T2 category usually takes; admins tune them as they learn.
UPDATE categories SET typical_effort_minutes = 30 WHERE slug = 'usage-guidance';
UPDATE categories SET typical_effort_minutes = 240 WHERE slug = 'technical-fault';
UPDATE categories SET typical_effort_minutes = 30 WHERE slug = 'question';
UPDATE categories SET typical_effort_minutes = 120 WHERE slug = 'operations-incident';
UPDATE categories SET typical_effort_minutes = 120 WHERE slug = 'complaint';
UPDATE categories SET typical_effort_minutes = 480 WHERE slug = 'training-request';
UPDATE categories SET typical_effort_minutes = 240 WHERE slug = 'warranty-claim';
UPDATE categories SET typical_effort_minutes = 480 WHERE slug = 'paid-work-request';
UPDATE categories SET typical_effort_minutes = 60 WHERE slug = 'sales-enquiry';
