-- 0008 Customer portal (SQLite, issue 3): invitations to register into an organization (the code
-- is kept only as its SHA-256) and the email domains organizations claim for self-registration.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

CREATE TABLE "invitations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_invitations" PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "as_org_admin" INTEGER NOT NULL,
    "code_hash" TEXT NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "accepted_at" TEXT NULL,
    "accepted_user_id" INTEGER NULL,
    "revoked_at" TEXT NULL,
    CONSTRAINT "FK_invitations_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_invitations_users_accepted_user_id" FOREIGN KEY ("accepted_user_id") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_invitations_users_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_invitations_accepted_user_id" ON "invitations" ("accepted_user_id");
CREATE UNIQUE INDEX "IX_invitations_code_hash" ON "invitations" ("code_hash");
CREATE INDEX "IX_invitations_created_by_id" ON "invitations" ("created_by_id");
CREATE INDEX "IX_invitations_organization_id_email" ON "invitations" ("organization_id", "email");

CREATE TABLE "organization_domains" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_organization_domains" PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "domain" TEXT NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_organization_domains_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_organization_domains_users_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_organization_domains_created_by_id" ON "organization_domains" ("created_by_id");
CREATE UNIQUE INDEX "IX_organization_domains_domain" ON "organization_domains" ("domain");
CREATE INDEX "IX_organization_domains_organization_id" ON "organization_domains" ("organization_id");
