-- Every instance of the service caches which sessions are live. Whatever ends a session early
-- (logout, revocation, reuse detection, a password change, account deletion by cascade, or an
-- operator's hand-written UPDATE) announces it on this channel, so every instance drops its
-- cached copy. The notification is sent at commit; the payload is the session id.
CREATE FUNCTION notify_session_ended() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('authflux_session_ended', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_revoked_notify
    AFTER UPDATE OF revoked_at ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION notify_session_ended();

-- Refreshing extends expires_at and needs no notice; shortening it does.
CREATE TRIGGER sessions_shortened_notify
    AFTER UPDATE OF expires_at ON sessions
    FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at)
    EXECUTE FUNCTION notify_session_ended();

CREATE TRIGGER sessions_deleted_notify
    AFTER DELETE ON sessions
    FOR EACH ROW
    EXECUTE FUNCTION notify_session_ended();
