-- Kollegaveiledning, the rest of the groups part (issue 15).
--
-- "Drøft en sak": a counselor asks one colleague of their office, or one of their groups, for a short
-- talk. A short topic, never case data (the scrubber looks at it first). No deadline, no e-mail or
-- SMS: the request is a notice on the recipients' own pages until they mark it done, the asker
-- withdraws it (the row is deleted) or it is DISCUSSION_RETENTION_DAYS old (retention deletes it).
create table circle_discussion (
  id bigserial primary key,
  asker_id text not null references employee (id),
  recipient_id text references employee (id),
  group_id bigint references colleague_group (id),
  topic text not null check (length(topic) between 1 and 200),
  created_at timestamptz not null default now(),
  check ((recipient_id is null) <> (group_id is null))
);
create index circle_discussion_recipient_idx on circle_discussion (recipient_id) where recipient_id is not null;
create index circle_discussion_group_idx on circle_discussion (group_id) where group_id is not null;
create index circle_discussion_asker_idx on circle_discussion (asker_id);
create index circle_discussion_created_idx on circle_discussion (created_at);

-- Who has marked a request done (or dismissed it): per recipient, so one member of a group clearing
-- it leaves it on the others' pages.
create table circle_discussion_done (
  discussion_id bigint not null references circle_discussion (id) on delete cascade,
  employee_id text not null references employee (id),
  done_at timestamptz not null default now(),
  primary key (discussion_id, employee_id)
);

-- The group's notes of a session (one text per session): any current member reads and writes them
-- once the session has begun. Scrubbed like themes before saving; never about a user.
create table circle_session_note (
  session_id bigint primary key references circle_session (id),
  text text not null check (length(text) between 1 and 4000),
  updated_by text not null references employee (id),
  updated_at timestamptz not null default now()
);

-- The language an employee last picked on a page (the switch in the shell), so what is sent to
-- them (calendar invitations) is in their language, not the sender's.
create table employee_preference (
  employee_id text primary key references employee (id),
  language text not null check (language in ('nb', 'nn', 'en')),
  updated_at timestamptz not null default now()
);
