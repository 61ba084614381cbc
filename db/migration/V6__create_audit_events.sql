-- Security events: who did what, from where, when. Never passwords, tokens or hashes. Written in
-- the same statement as the change it records, so an event exists exactly when its change does.
-- user_id and session_id are plain columns, not foreign keys: events outlive deleted accounts.
-- Rows older than the configured retention are deleted by the service.
CREATE TABLE audit_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    event       text        NOT NULL,
    user_id     uuid,
    session_id  uuid,
    ip          text,
    user_agent  text,
    detail      text
);

CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
CREATE INDEX audit_events_user_id_idx ON audit_events (user_id, occurred_at) WHERE user_id IS NOT NULL;
