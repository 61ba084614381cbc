-- Every instance of the service caches the registered clients (with their secrets' digests) that
-- authenticate at the token endpoint. Whatever changes or deletes a client (an operator's change
-- through the admin API on any instance, or hand-written SQL) announces it on this channel, so
-- every instance drops its cached copy. The notification is sent at commit; the payload is the
-- client id, which is not secret.
CREATE FUNCTION notify_client_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('authflux_client_changed', NEW.client_id);
    ELSE
        PERFORM pg_notify('authflux_client_changed', OLD.client_id);
        IF TG_OP = 'UPDATE' AND NEW.client_id <> OLD.client_id THEN
            PERFORM pg_notify('authflux_client_changed', NEW.client_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER oauth_clients_changed_notify
    AFTER INSERT OR UPDATE OR DELETE ON oauth_clients
    FOR EACH ROW
    EXECUTE FUNCTION notify_client_changed();
