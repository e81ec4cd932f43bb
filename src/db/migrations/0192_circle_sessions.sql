-- Kollegaveiledning (issue 15): sessions of a colleague group. A kollegaveiledning group is the
-- colleague group members already share figures with (0030_sharing.sql): one group concept, with
-- sessions added. A group's sessions stay with it when members come and go; a cancelled session
-- keeps its row with cancelled_at set (its invitations are withdrawn with the same UID).
create table circle_session (
  id bigserial primary key,
  group_id bigint not null references colleague_group (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text check (place is null or length(place) between 1 and 200),
  video_link text check (video_link is null or length(video_link) between 1 and 500),
  facilitator_id text not null references employee (id),
  theme text not null check (length(theme) between 1 and 500),
  structure text check (structure in ('case', 'feedback_theme', 'rule_or_tool')),
  areas text[] not null default '{}',
  -- The calendar's UID and SEQUENCE: the same event for every member, its sequence raised on cancel.
  uid text not null unique,
  sequence integer not null default 0,
  cancelled_at timestamptz,
  created_by text not null references employee (id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (place is not null or video_link is not null)
);
create index circle_session_group_idx on circle_session (group_id, starts_at);

-- One calendar e-mail per session, member and sequence (the request, or its cancellation), queued
-- when the session is planned or cancelled and claimed with a lease before sending (as the digest
-- is): a crash never sends twice under different keys and never loses one.
create table circle_invite (
  session_id bigint not null references circle_session (id),
  employee_id text not null references employee (id),
  sequence integer not null,
  method text not null check (method in ('REQUEST', 'CANCEL')),
  language text not null default 'nb',
  state text not null check (state in ('pending', 'sending', 'sent')),
  lease_until timestamptz,
  sent_at timestamptz,
  primary key (session_id, employee_id, sequence)
);
create index circle_invite_due_idx on circle_invite (state) where state <> 'sent';
