-- Q-method studies: the researcher's set-up (Q-set, grid, condition of instruction, pre-sort,
-- post-sort questions), the participants with their personal links, and their sorts.
-- Texts are jsonb objects keyed by language (nb, nn, en).
create table qmethod_study (
  id uuid primary key,
  title text not null,
  languages jsonb not null,
  instructions jsonb not null,
  presort boolean not null default true,
  -- A code participants can type in instead of using a personal link; optional.
  study_code text unique,
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  created_at timestamptz not null default now()
);

create table qmethod_statement (
  study_id uuid not null references qmethod_study (id) on delete cascade,
  statement_id text not null,
  ordinal integer not null,
  text jsonb not null,
  primary key (study_id, statement_id),
  unique (study_id, ordinal)
);

-- The grid: the number of cards each column (position, e.g. -5..+5) holds. The capacities sum to the
-- number of statements (checked by the application when the study is created).
create table qmethod_grid_column (
  study_id uuid not null references qmethod_study (id) on delete cascade,
  position integer not null,
  capacity integer not null check (capacity > 0),
  primary key (study_id, position)
);

create table qmethod_postsort_question (
  study_id uuid not null references qmethod_study (id) on delete cascade,
  question_id text not null,
  ordinal integer not null,
  text jsonb not null,
  primary key (study_id, question_id)
);

-- A participant is a pseudonymous label (the sort's column in exports), nothing more.
create table qmethod_participant (
  id uuid primary key,
  study_id uuid not null references qmethod_study (id) on delete cascade,
  label text not null,
  created_at timestamptz not null default now(),
  unique (study_id, label)
);

-- Personal links, as for surveys: only the SHA-256 of each token is stored.
create table qmethod_token (
  token_hash text primary key,
  participant_id uuid not null references qmethod_participant (id) on delete cascade,
  created_at timestamptz not null default now()
);

-- One sort per participant: saved while in progress (placements may be partial), then submitted
-- once, complete and on the grid. placements: {statement_id: position}; presort: {statement_id:
-- 'agree' | 'neutral' | 'disagree'}; postsort: {question_id: answer}.
create table qmethod_sort (
  participant_id uuid primary key references qmethod_participant (id) on delete cascade,
  study_id uuid not null references qmethod_study (id) on delete cascade,
  presort jsonb not null default '{}'::jsonb,
  placements jsonb not null default '{}'::jsonb,
  postsort jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  submitted_at timestamptz
);
create index qmethod_sort_study_idx on qmethod_sort (study_id) where submitted_at is not null;
