-- The released table, stored per year: every (unit × fixed period) cell after disclosure control,
-- computed over the whole unit tree at once. Every reader (and every app node) reads the same
-- snapshot, so the suppression pattern cannot differ between two queries; reports read a few rows.
create table report_snapshot (
  year integer primary key,
  computed_at timestamptz not null
);

create table report_cell (
  unit_id text not null,
  period text not null,
  year integer not null,
  answers integer not null,
  released boolean not null,
  -- One figure per measure (statements, overall, NAV in general); suppressed ones carry no numbers.
  measures jsonb not null,
  primary key (unit_id, period)
);
create index report_cell_year_idx on report_cell (year);
