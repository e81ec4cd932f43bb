-- Facts about the installation itself, one row per key. The first: whether the demo that `start`
-- fills in behind a running server was completed ('complete') or is being filled ('filling'), so a
-- fill cut short (the process killed) is told apart from a whole demo at the next start.
create table app_state (
  key text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);
