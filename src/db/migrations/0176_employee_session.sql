-- Employee sessions on the server (issue #11): the cookie names a session, and ending it here ends
-- it on every web node at once (logout, or an administrator's "log out everywhere"). Only a hash
-- of the session id is stored, and the cookie is signed with a key outside the database, so a copy
-- of the database lets nobody in.
create table employee_session (
  id_hash text primary key,
  employee_id text not null references employee (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index employee_session_employee_idx on employee_session (employee_id);
