-- Compact fairness statistics (src/fairness/store.ts): per instrument version, period and item one row holding
-- every unit's (counselor + unit recorded at the meeting) n, Σy, Σy², Σx packed as little-endian float8 in one
-- bytea (in the order of `units`: counselor, unit, counselor, unit, …), and the national sums n, Σy, Σy², Σx, Σxxᵀ, Σxy in `pooled`.
-- Months are computed from the answers; each year is kept up to date from its months' changes (new month minus
-- old month), so a report reads seven rows per year instead of aggregating a row per counselor and month.
create table fairness_month_stats (
  instrument_id text not null,
  instrument_version integer not null,
  month date not null,
  item smallint not null,
  covariates text[] not null,
  units text[] not null,
  sums bytea not null,
  -- [n, Σy, Σy², Σx (k), Σxxᵀ (k×k row-major), Σxy (k)]
  pooled double precision[] not null,
  primary key (instrument_id, instrument_version, month, item)
);

create table fairness_year_stats (
  instrument_id text not null,
  instrument_version integer not null,
  year integer not null,
  item smallint not null,
  covariates text[] not null,
  units text[] not null,
  sums bytea not null,
  pooled double precision[] not null,
  -- The refresh that last changed this year (fairness_generation) and when it finished computing.
  generation bigint not null,
  computed_at timestamptz not null,
  primary key (instrument_id, instrument_version, year, item)
);

-- The row-per-counselor-and-month tables are replaced; every month is rebuilt into the compact form by the next refresh.
drop table fairness_unit_stats;
drop table fairness_pooled_stats;
insert into fairness_dirty_month (instrument_id, instrument_version, month)
select distinct instrument_id, instrument_version, month from response;
