-- A database copy must not tell which meeting was answered (issue #11).
-- The fingerprint a meeting keeps once its case-mix is cleared: keyed (the key is not in the
-- database in production) and over the columns the meeting keeps, so it says nothing the row does
-- not say already. Written at intake, moved into payload_hash when the case-mix goes.
alter table meeting add column fingerprint_after text;
-- Responses are rewritten in random order before the links that could have made them close
-- (retention/shuffle.ts): the last rewrite, so closure can wait for answers newer than it.
create table response_shuffle (
  id boolean primary key default true check (id),
  shuffled_at timestamptz not null
);
