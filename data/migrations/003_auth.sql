-- Accounts, sessions, API keys and the audit log (issue 3).

alter table app_user
  add column failed_logins int not null default 0,
  add column locked_until timestamptz,
  add column password_changed_at timestamptz;

-- The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens nothing.
create table user_session (
  id            text primary key,
  user_id       bigint not null references app_user (id) on delete cascade,
  csrf_token    text not null,
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null,
  ip            text,
  user_agent    text
);
create index user_session_user_idx on user_session (user_id);

-- Revocable keys for API clients (Open311 apps, GPS devices); stored as prefix + SHA-256 of the secret.
create table api_key (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references app_user (id) on delete cascade,
  name          text not null,
  prefix        text not null unique,
  key_hash      text not null,
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Who did or read what: every read of personal data, every sign-in and account change.
create table audit_log (
  id          bigint generated always as identity primary key,
  at          timestamptz not null default now(),
  user_id     bigint references app_user (id),
  action      text not null,
  entity      text,
  entity_id   bigint,
  fields      text[],
  reason      text,
  ip          text,
  details     jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_user_idx on audit_log (user_id, at desc);
create index audit_log_entity_idx on audit_log (entity, entity_id);
