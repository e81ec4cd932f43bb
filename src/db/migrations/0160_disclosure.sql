-- Closed periods are decided once (disclosure/group-table.ts): the refresher keeps the decisions of
-- cells whose period had closed, so a reader who comes back never sees a figure taken back and
-- replaced by its complement.
alter table report_cell add column closed boolean not null default false;
-- Per measure, the answers and counselors behind each cell, released or not: the disclosure module
-- checks what a reader can work out about a county or the nation with them. Never sent to a reader.
alter table report_cell add column counts jsonb not null default '[]'::jsonb;

-- What each reader has been shown of individual results (their own, a colleague's shared with them,
-- opened by an office policy) and of comparison averages, so that later figures are chosen to be
-- safe together with everything the reader already has (disclosure/reader.ts). One row per reader,
-- subject (a counselor's answers at one unit, or a unit's comparison average), instrument version
-- and year; per measure a bit for each of the year's 16 fixed periods shown.
create table disclosure_history (
  reader_id text not null,
  subject text not null,
  instrument_id text not null,
  instrument_version integer not null,
  year integer not null,
  shown integer[] not null,
  primary key (reader_id, subject, instrument_id, instrument_version, year)
);

-- Snapshots made before these rules are recomputed on first use (decisions are kept only from here on).
delete from report_cell;
delete from report_snapshot;
