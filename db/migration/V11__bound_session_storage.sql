-- Storage per session stays bounded however often it is refreshed: each refresh token carries
-- its place in the session's chain of rotations (generation), the session the latest
-- generation, and the refresh that issues generation n deletes those at or below
-- n - reuse-history - 1. Both columns are added with a constant default, so no table is
-- rewritten; tokens issued before this migration count as generation 0 and go once the session
-- has been refreshed reuse-history + 1 times since.
ALTER TABLE sessions ADD COLUMN refresh_generation bigint NOT NULL DEFAULT 0;
ALTER TABLE refresh_tokens ADD COLUMN generation bigint NOT NULL DEFAULT 0;

-- Serves the pruning in each refresh and the cascade from sessions, as the old index did.
CREATE INDEX refresh_tokens_session_generation_idx ON refresh_tokens (session_id, generation);
DROP INDEX refresh_tokens_session_id_idx;

-- A session that has already ended needs no notice when housekeeping deletes it: every instance
-- already treats it as ended, and a batch of such deletions must not flood the channel.
DROP TRIGGER sessions_deleted_notify ON sessions;
CREATE TRIGGER sessions_deleted_notify
    AFTER DELETE ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND OLD.expires_at > now())
    EXECUTE FUNCTION notify_session_ended();
