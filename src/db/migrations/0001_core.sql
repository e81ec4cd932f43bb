-- Organisation: county → office → team, and employees. Rows hold the current state; *_history
-- keeps every earlier version (effective-dated) so renames, moves and deactivations lose nothing.
-- Results reference the unit/employee id recorded at the meeting, so they stay where they belonged.
create table unit (
  id text primary key,
  kind text not null check (kind in ('nation', 'county', 'office', 'team')),
  name text not null,
  parent_id text references unit (id),
  owner text not null default 'state' check (owner in ('state', 'municipal', 'partnership')),
  active boolean not null default true,
  valid_from timestamptz not null default now()
);
create index unit_parent_idx on unit (parent_id);

create table unit_history (
  unit_id text not null references unit (id),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  kind text not null,
  name text not null,
  parent_id text,
  owner text not null,
  active boolean not null,
  primary key (unit_id, valid_from)
);

create table employee (
  id text primary key,
  name text not null,
  unit_id text not null references unit (id),
  -- staff: analysts, administrators and others who neither counsel nor lead a unit.
  role text not null check (role in ('counselor', 'leader', 'staff')),
  employer text not null default 'state' check (employer in ('state', 'municipal')),
  email text,
  active boolean not null default true,
  valid_from timestamptz not null default now()
);
create index employee_unit_idx on employee (unit_id);

create table employee_history (
  employee_id text not null references employee (id),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  name text not null,
  unit_id text not null,
  role text not null,
  employer text not null,
  active boolean not null,
  primary key (employee_id, valid_from)
);

-- Service-to-service API keys (case systems posting meeting events). Only a hash is stored.
create table api_key (
  id text primary key,
  name text not null,
  key_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- A registered meeting. Idempotent on external_id. Case-mix fields are copied into the response
-- if the user answers, and are cleared here once delivery is final, so no row outlives its purpose.
create table meeting (
  id uuid primary key default gen_random_uuid(),
  external_id text not null unique,
  source text not null,
  payload_hash text not null,
  starts_at timestamptz,
  month date not null,
  counselor_id text not null references employee (id),
  unit_id text not null references unit (id),
  channel text not null,
  meeting_kind text not null,
  language text not null,
  age_band text,
  innsatsgruppe text,
  benefit text,
  recent_adverse_decision boolean,
  interpreter_used boolean,
  first_meeting boolean,
  exclusion_reason text,
  received_at timestamptz not null default now()
);
create index meeting_counselor_month_idx on meeting (counselor_id, month);
create index meeting_unit_month_idx on meeting (unit_id, month);

-- The invitation is also the dispatch queue: workers claim due rows with FOR UPDATE SKIP LOCKED.
-- state: scheduled → sending → sent → reminding → reminded → (answered | expired), or failed.
create table invitation (
  meeting_id uuid primary key references meeting (id),
  state text not null check (state in ('scheduled', 'sending', 'sent', 'reminding', 'reminded', 'answered', 'expired', 'failed', 'cancelled')),
  contact_email text,
  contact_phone text,
  contact_key text,
  language text not null,
  next_action_at timestamptz,
  lease_until timestamptz,
  send_at timestamptz not null,
  reminder_at timestamptz,
  expires_at timestamptz not null,
  sent_at timestamptz,
  reminded_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  finalized_at timestamptz
);
create index invitation_due_idx on invitation (next_action_at) where next_action_at is not null;

-- Several tokens may open one invitation (first message and reminder; a resend after a crash).
-- Only the SHA-256 of each token is stored. Single use is enforced on the invitation's state.
create table invitation_token (
  token_hash text primary key,
  meeting_id uuid not null references invitation (meeting_id),
  purpose text not null check (purpose in ('invite', 'reminder')),
  created_at timestamptz not null default now()
);
create index invitation_token_meeting_idx on invitation_token (meeting_id);

-- Opt-out links map a token hash to the contact's salted hash, never the contact itself.
create table opt_out_link (
  token_hash text primary key,
  contact_key text not null,
  created_at timestamptz not null default now()
);

create table opt_out (
  contact_key text primary key,
  opted_out_at timestamptz not null default now()
);

-- Recontact quarantine: when a contact (salted hash) was last invited.
create table contact_quarantine (
  contact_key text primary key,
  last_invited_at timestamptz not null
);

-- Survey instruments are data, versioned. A response names its instrument version; reports never
-- mix versions silently.
create table instrument (
  id text not null,
  version integer not null,
  definition jsonb not null,
  published_at timestamptz not null default now(),
  primary key (id, version)
);

-- The stored answer. Deliberately no invitation id, token, contact, timestamp or serial id:
-- only what reporting needs. The id is random so insertion order reveals nothing.
create table response (
  id uuid primary key default gen_random_uuid(),
  instrument_id text not null,
  instrument_version integer not null,
  counselor_id text not null references employee (id),
  unit_id text not null references unit (id),
  month date not null,
  channel text not null,
  meeting_kind text not null,
  language text not null,
  age_band text,
  innsatsgruppe text,
  benefit text,
  recent_adverse_decision boolean,
  interpreter_used boolean,
  first_meeting boolean,
  -- One value per statement in the instrument's order: 1..6, or null for "don't know / not relevant".
  answers smallint[] not null,
  overall smallint check (overall between 1 and 6),
  nav_general smallint check (nav_general between 1 and 6),
  comment text,
  foreign key (instrument_id, instrument_version) references instrument (id, version)
);
create index response_counselor_month_idx on response (counselor_id, month);
create index response_unit_month_idx on response (unit_id, month);

-- Secrets shared by every app node (so nodes stay stateless): the first node to start generates
-- them (insert … on conflict do nothing), unless configured through the environment.
create table app_secret (
  name text primary key,
  value text not null
);
