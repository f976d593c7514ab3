-- Sign-in hardening (issue 8).

-- Failures against names that are not accounts are counted like an account's, so the slow-down
-- and the lock look the same whether the user exists or not (timing tells nothing).
create table login_throttle (
  username       text primary key,
  failed_logins  int not null default 0,
  locked_until   timestamptz,
  updated_at     timestamptz not null
);
create index login_throttle_updated_idx on login_throttle (updated_at);

-- A temporary password (admin reset, generated at creation, first admin) must be replaced at the
-- first sign-in before anything else is allowed.
alter table app_user add column must_change_password boolean not null default false;
