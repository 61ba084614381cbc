-- Failed logins, counted so that every instance throttles alike (docs/security.md):
--   scope 'account': key = lower(username), whether or not such a user exists (so throttling
--     does not reveal which names exist); failures = consecutive failures, reset by a success.
--   scope 'ip': key = the client's IP; failures = failures since window_start (a fixed window).
-- blocked_until is when attempts may resume; until then they are refused before any hash.
CREATE TABLE login_failures (
    scope         text        NOT NULL CHECK (scope IN ('account', 'ip')),
    key           text        NOT NULL,
    failures      integer     NOT NULL,
    window_start  timestamptz NOT NULL,
    last_failure  timestamptz NOT NULL,
    blocked_until timestamptz,
    PRIMARY KEY (scope, key)
);

CREATE INDEX login_failures_last_failure_idx ON login_failures (last_failure);
