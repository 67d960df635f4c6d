-- 0012 Message HTML (Sqlite, E6): the sender's original HTML of a received mail, shown only through the
-- sanitiser, and the Content-ID of a mail's parts so that its cid: images show inline.
-- Written from 'haumai schema script --provider Sqlite' and reviewed; see docs/adr/001-sql-migrations.md.

ALTER TABLE "ticket_messages" ADD COLUMN "body_html" TEXT NULL;

ALTER TABLE "ticket_attachments" ADD COLUMN "content_id" TEXT NULL;
