-- The counselor's optional monthly e-mail that last month's results are in (PRODUCT.md: results are
-- reached from a link and an optional periodic digest; nothing with a deadline, nothing pushed
-- unasked). Off by default; the language is the one the counselor switched it on in.
alter table counselor_setting add column monthly_digest boolean not null default false;
alter table counselor_setting add column digest_language text not null default 'nb';

-- One row per counselor and month, claimed before the e-mail goes (state 'sending' with a lease)
-- and marked 'sent' after: a worker that dies in between leaves the lease to run out, and the
-- next one sends the same message again under the same idempotency key, never a second digest.
create table digest_sent (
  employee_id text not null references employee (id),
  month date not null,
  state text not null check (state in ('sending', 'sent')),
  lease_until timestamptz,
  sent_at timestamptz,
  primary key (employee_id, month)
);
