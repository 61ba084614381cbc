-- Filler for bench/bench.py: :sessions extra sessions, each with one refresh token, spread over
-- :users extra users, inserted straight into the bench database. They only need to exist, so
-- that /me, refresh and login are measured against tables of realistic size: the users and
-- sessions the benchmark drives come from real API calls. The hashes are not argon2 hashes
-- and the refresh tokens are SHA-256 of nothing a client holds, so none of this can log in.
-- Run with: psql -v ON_ERROR_STOP=1 -v sessions=1000000 -v users=10000 -f bench/filler.sql
\set ON_ERROR_STOP on

INSERT INTO users (username, password_hash)
SELECT 'filler-' || g, '$argon2id$filler-never-verifies'
FROM generate_series(1, :users) AS g;

CREATE TEMPORARY TABLE filler_users AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE username LIKE 'filler-%';

WITH created AS (
    INSERT INTO sessions (user_id, created_at, last_used_at, expires_at, max_expires_at, user_agent, ip)
    SELECT u.id, now() - (g % 86400) * interval '1 second', now() - (g % 3600) * interval '1 second',
           now() + interval '30 days', now() + interval '90 days', 'bench-filler/1.0', '192.0.2.' || (g % 250)
    FROM generate_series(1, :sessions) AS g
    JOIN filler_users u ON u.n = g % :users
    RETURNING id
)
INSERT INTO refresh_tokens (token_hash, session_id)
SELECT sha256(convert_to('bench-filler-' || id::text, 'UTF8')), id FROM created;

VACUUM (ANALYZE) users;
VACUUM (ANALYZE) sessions;
VACUUM (ANALYZE) refresh_tokens;
