-- A counselor's own report settings. Comparison with team/office/national averages is the
-- counselor's choice (off by default), never a rank.
create table counselor_setting (
  employee_id text primary key references employee (id),
  compare_with_averages boolean not null default false,
  updated_at timestamptz not null default now()
);

-- System-wide reporting switches set by an administrator (audited), e.g. the open-data export,
-- which is off until switched on.
create table reporting_setting (
  name text primary key,
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);

-- Group reports read whole years of the national instrument by month.
create index response_instrument_month_idx on response (instrument_id, instrument_version, month);
create index meeting_month_idx on meeting (month);
