-- The office's competence activities (issue 15): a register per office of what it does to learn —
-- a fagmøte on a law change, a case forum, a mentor scheme for new staff, a course, kollegaveiledning —
-- with who leads it, for whom, when (a local date), the areas it covers, and the outcome expected and,
-- filled in later, the outcome observed. Written by the office's leaders, read by its staff; the
-- leader's office report marks them on the results over time (learning beside results). Free text
-- goes through the comment scrubber before it is saved (a warning, then the writer's choice).
create table competence_activity (
  id bigserial primary key,
  office_id text not null references unit (id),
  form text not null check (form in ('fagmote', 'case_forum', 'mentor', 'course', 'peer_supervision', 'other')),
  title text not null check (length(title) between 1 and 200),
  led_by text not null check (length(led_by) between 1 and 200),
  target_group text not null check (length(target_group) between 1 and 200),
  held_on date not null,
  areas text[] not null default '{}',
  expected_outcome text not null check (length(expected_outcome) between 1 and 1000),
  observed_outcome text check (observed_outcome is null or length(observed_outcome) between 1 and 1000),
  created_by text not null references employee (id),
  created_at timestamptz not null default now(),
  updated_by text references employee (id),
  updated_at timestamptz
);
create index competence_activity_office_idx on competence_activity (office_id, held_on);
