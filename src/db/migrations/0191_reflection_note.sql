-- Private reflection notes (issue 15): a counselor's own notes on a period of their own results,
-- readable by nobody else. Each employee who writes one gets a random 256-bit data key, stored
-- here only wrapped (AES-256-GCM) under a key derived from SECRET_KEY, which is never in the
-- database; each note is stored only as AES-256-GCM ciphertext under that data key. A copy of the
-- database therefore holds no readable note. Deleting the key row (delete all my notes, or the
-- retention of a departed employee) deletes the notes with it and leaves nothing to decrypt.
create table reflection_key (
  employee_id text primary key references employee (id),
  -- nonce (12 bytes) | wrapped data key (32) | tag (16)
  wrapped_key bytea not null,
  created_at timestamptz not null default now()
);

create table reflection_note (
  id bigserial primary key,
  employee_id text not null references reflection_key (employee_id) on delete cascade,
  -- a fixed period of the counselor's results (2026-T1, 2026-03, 2026): metadata, not text
  period text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- nonce (12 bytes) | ciphertext | tag (16)
  ciphertext bytea not null
);
create index reflection_note_owner_idx on reflection_note (employee_id, updated_at desc);
