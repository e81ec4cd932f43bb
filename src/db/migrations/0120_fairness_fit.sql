-- The fitted fair comparison per instrument version, year and level, computed by the background worker after the
-- statistics change (src/fairness/fits.ts): readers use it while it matches the year's statistics (generation) and,
-- for offices, the organisation the counselors were rolled up with (tree_key); otherwise they fit for themselves.
-- Office level holds every office's estimate; counselor level the model's parameters, so a counselor's own report
-- applies the model fitted on everyone to their own sums.
create table fairness_fit (
  instrument_id text not null,
  instrument_version integer not null,
  year integer not null,
  level text not null check (level in ('office', 'counselor')),
  generation bigint not null,
  tree_key text not null,
  computed_at timestamptz not null,
  fits jsonb not null,
  primary key (instrument_id, instrument_version, year, level)
);
