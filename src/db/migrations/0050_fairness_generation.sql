-- Bumped by every refresh that changed the fairness statistics, so any node can tell whether a report it
-- computed earlier (kept in memory) still stands.
create table fairness_generation (
  singleton boolean primary key default true check (singleton),
  generation bigint not null
);
insert into fairness_generation (singleton, generation) values (true, 0);
