-- 0012 Message HTML (Postgres, E6): the sender's original HTML of a received mail, shown only through the
-- sanitiser, and the Content-ID of a mail's parts so that its cid: images show inline.
-- Written from 'haumai schema script --provider Postgres' and reviewed; see docs/adr/001-sql-migrations.md.

ALTER TABLE ticket_messages ADD COLUMN body_html text;

ALTER TABLE ticket_attachments ADD COLUMN content_id character varying(255);
