-- Roles beyond an employee's own job. Every employee can see their own results (as counselor);
-- grants give a leader a unit (and what is under it), an analyst a county or the nation, and the
-- administrator the system. Scope is always a unit, or none for national roles.
create table role_grant (
  id bigserial primary key,
  employee_id text not null references employee (id),
  role text not null check (role in ('leader', 'county_analyst', 'national_analyst', 'administrator')),
  unit_id text references unit (id),
  granted_at timestamptz not null default now(),
  check ((role in ('leader', 'county_analyst')) = (unit_id is not null))
);
create unique index role_grant_unique_idx on role_grant (employee_id, role, coalesce(unit_id, ''));

-- Every read of individual-level results by someone other than the owner, and every change an
-- administrator makes. The counselor sees the entries about them.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id text not null,
  action text not null,
  subject_employee_id text,
  unit_id text,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_subject_idx on audit_log (subject_employee_id, at);
