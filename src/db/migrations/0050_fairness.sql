-- Fair comparison (case-mix adjusted reports) from sufficient statistics kept per month, not a
-- rescan of answers per report. See src/fairness/store.ts.

-- Months that received (or lost) answers since the last refresh. Append-only and without a unique key
-- on purpose: a refresh deletes the rows it saw and recomputes those months in the same transaction,
-- while a writer that has not committed yet leaves its own row behind for the next refresh. (An
-- upsert on one row per month would either race or make every survey submission wait on that row.)
create table fairness_dirty_month (
  instrument_id text not null,
  instrument_version integer not null,
  month date not null,
  marked_at timestamptz not null default now()
);

create function fairness_mark_inserted() returns trigger language plpgsql as $$
begin
  insert into fairness_dirty_month (instrument_id, instrument_version, month)
  select distinct instrument_id, instrument_version, month from fairness_new_rows;
  return null;
end $$;

create function fairness_mark_deleted() returns trigger language plpgsql as $$
begin
  insert into fairness_dirty_month (instrument_id, instrument_version, month)
  select distinct instrument_id, instrument_version, month from fairness_old_rows;
  return null;
end $$;

create function fairness_mark_updated() returns trigger language plpgsql as $$
begin
  insert into fairness_dirty_month (instrument_id, instrument_version, month)
  select instrument_id, instrument_version, month from fairness_old_rows
  union
  select instrument_id, instrument_version, month from fairness_new_rows;
  return null;
end $$;

-- Statement-level, so a bulk insert of thousands of answers adds one row per month it touched.
create trigger response_fairness_inserted after insert on response
  referencing new table as fairness_new_rows for each statement execute function fairness_mark_inserted();
create trigger response_fairness_deleted after delete on response
  referencing old table as fairness_old_rows for each statement execute function fairness_mark_deleted();
create trigger response_fairness_updated after update on response
  referencing old table as fairness_old_rows new table as fairness_new_rows for each statement execute function fairness_mark_updated();

-- Per instrument version, month, item, counselor and the unit recorded with the meeting:
-- n, Σy, Σy² and Σx of the dummy-coded case mix (src/fairness/coding.ts). Item 0 is the overall
-- rating, 1..S the statements in instrument order. Only answered items count ("don't know" is no answer).
create table fairness_unit_stats (
  instrument_id text not null,
  instrument_version integer not null,
  month date not null,
  item smallint not null,
  counselor_id text not null,
  unit_id text not null,
  n integer not null,
  sum_y double precision not null,
  sum_yy double precision not null,
  sum_x double precision[] not null,
  primary key (instrument_id, instrument_version, month, item, counselor_id, unit_id)
);

-- The model needs Σxxᵀ and Σxy only summed over all units (they enter REML through their totals),
-- so they are kept per month and item nationally, with the coding they were computed with.
create table fairness_pooled_stats (
  instrument_id text not null,
  instrument_version integer not null,
  month date not null,
  item smallint not null,
  covariates text[] not null,
  n integer not null,
  sum_y double precision not null,
  sum_yy double precision not null,
  sum_x double precision[] not null,
  sum_xx double precision[] not null,
  sum_xy double precision[] not null,
  primary key (instrument_id, instrument_version, month, item)
);

-- Every existing month is dirty once, so the first refresh builds the statistics.
insert into fairness_dirty_month (instrument_id, instrument_version, month)
select distinct instrument_id, instrument_version, month from response;
