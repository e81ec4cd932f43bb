-- How far this database has applied the deletion ledger (src/ledger, README "Retention and
-- backups"): the ledger is a folder of append-only JSON-lines files kept outside the database, one
-- file per process that wrote; this table holds, per file, how many of its complete lines have been
-- applied. A restored backup carries the marker as it stood then, so every entry written after the
-- backup is applied again (each entry is idempotent) before the server serves or the worker runs.
create table deletion_ledger_applied (
  file text primary key check (file ~ '^[A-Za-z0-9._-]+\.jsonl$'),
  lines integer not null check (lines >= 0),
  applied_at timestamptz not null default now()
);
