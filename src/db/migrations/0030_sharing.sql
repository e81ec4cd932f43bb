-- Counselor-controlled sharing of individual results, colleague (kollegaveiledning) groups, office
-- policies that open individual results to leaders after a notice period, and comment moderation.
-- Rows are never deleted: revoking or leaving sets a timestamp, so the history stays readable.

create table colleague_group (
  id bigserial primary key,
  office_id text not null references unit (id),
  name text not null check (length(name) between 1 and 100),
  created_by text not null references employee (id),
  created_at timestamptz not null default now()
);

create table colleague_group_member (
  id bigserial primary key,
  group_id bigint not null references colleague_group (id),
  employee_id text not null references employee (id),
  added_at timestamptz not null default now(),
  removed_at timestamptz
);
create unique index colleague_group_member_current_idx on colleague_group_member (group_id, employee_id) where removed_at is null;
create index colleague_group_member_employee_idx on colleague_group_member (employee_id) where removed_at is null;

-- One row per grant; a revoked grant keeps its row with revoked_at set.
create table result_share (
  id bigserial primary key,
  counselor_id text not null references employee (id),
  grantee_kind text not null check (grantee_kind in ('leader', 'group')),
  group_id bigint references colleague_group (id),
  what text not null check (what in ('figures', 'comments')),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((grantee_kind = 'group') = (group_id is not null))
);
create unique index result_share_active_idx on result_share (counselor_id, grantee_kind, coalesce(group_id, 0), what) where revoked_at is null;

-- "Leaders see individual results" for one office, from starts_on (a local date, announced ahead).
create table office_policy (
  id bigserial primary key,
  office_id text not null references unit (id),
  includes_comments boolean not null default false,
  starts_on date not null,
  published_at timestamptz not null default now(),
  published_by text not null references employee (id),
  withdrawn_at timestamptz,
  withdrawn_by text references employee (id)
);
create index office_policy_office_idx on office_policy (office_id);

-- Moderation state of a comment, keyed by the response it belongs to; readers only ever see an
-- opaque reference (an HMAC of the response id), never the id itself.
create table comment_moderation (
  response_id uuid primary key references response (id) on delete cascade,
  state text not null check (state in ('reported', 'hidden', 'kept')),
  reported_at timestamptz not null,
  decided_at timestamptz,
  decided_by text references employee (id)
);
create index comment_moderation_state_idx on comment_moderation (state);
