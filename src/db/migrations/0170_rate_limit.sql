-- Rate limits shared by every web node (web/rate-limit.ts): one row per limit and client key, counting
-- the requests of the current fixed window. The key is an HMAC of the client's address (and, for the
-- login, the employee id tried), never the address or a survey token itself; a row is deleted once
-- its window has ended.
create table rate_limit (
  bucket text not null,
  key_hash text not null,
  window_start timestamptz not null,
  expires_at timestamptz not null,
  hits integer not null,
  primary key (bucket, key_hash)
);
create index rate_limit_expires on rate_limit (expires_at);
