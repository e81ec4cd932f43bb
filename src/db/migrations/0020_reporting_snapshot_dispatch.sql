-- Meetings registered, excluded, invited and answered per (unit × fixed period), stored with the
-- released figures so group reports read response rates from the snapshot too.
alter table report_cell add column dispatch jsonb not null default '[0,0,0,0]'::jsonb;
