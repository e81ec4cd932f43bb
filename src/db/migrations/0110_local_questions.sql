-- Office and county questions (PRODUCT.md, Tabell 1 item 3): an office or a county adds up to three
-- agreement statements of its own to the survey for its meetings, for a window of whole months,
-- after an administrator has approved them. The text never changes after the proposal: a new
-- wording is a new question, so results are never mixed across wordings.
create table local_question (
  id bigserial primary key,
  -- An office (proposed by its leader) or a county (proposed by its county analyst).
  owner_unit_id text not null references unit (id),
  -- {"nb": "...", "nn": "...", "en": "..."}; nb required, the others fall back to nb when absent.
  text jsonb not null,
  -- First and last month asked (first day of the month; both inclusive), by the meeting's month.
  start_month date not null check (extract(day from start_month) = 1),
  end_month date not null check (extract(day from end_month) = 1),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn', 'ended')),
  proposed_by text not null references employee (id),
  proposed_at timestamptz not null,
  decided_by text references employee (id),
  decided_at timestamptz,
  decision_reason text,
  -- Withdrawn (pending) or ended early (approved): by whom and when. Ending early also moves
  -- end_month back to the month it was ended in, and the question is not shown from ended_at on.
  closed_by text references employee (id),
  closed_at timestamptz,
  -- The end month as proposed, kept when a question is ended early.
  proposed_end_month date not null,
  check (end_month >= start_month or status = 'ended')
);
create index local_question_owner_idx on local_question (owner_unit_id, status);
create index local_question_pending_idx on local_question (proposed_at) where status = 'pending';

-- The answers, as counts per question, month and value (0 = "don't know / not relevant"; 1..6 the
-- scale). Deliberately no response id, meeting, counselor, team, timestamp, serial id or row per
-- answer, so nothing joins a local answer back to its response (and through it to a counselor's
-- case-mix) or to a person. Counts rather than rows: a row per answer, even without an id, is
-- written in the same transaction as its response and would sit next to it in insertion order, so
-- the two could be lined up. A count keeps exactly what the results need (n, distribution, mean,
-- share agreeing per month and coarser). (Any row's system column xmin names the transaction that
-- last changed it — for a count, only the latest answer of that value; the response and invitation
-- rows share that property. Only direct database access sees it.)
create table local_answer (
  question_id bigint not null references local_question (id),
  month date not null,
  value smallint not null check (value between 0 and 6),
  answers integer not null check (answers > 0),
  primary key (question_id, month, value)
);
