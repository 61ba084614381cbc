-- Every instance of the service holds the signing keys in memory. Whatever adds, retires or
-- deletes one (a rotation on any instance, the first key of a new algorithm, or an operator's
-- hand-written SQL) announces it on this channel, so every instance reads the keys again at once
-- rather than at its next periodic refresh. The notification is sent at commit; the payload is
-- the key id, which is public.
CREATE FUNCTION notify_signing_keys_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('authflux_keys_changed', OLD.kid);
    ELSE
        PERFORM pg_notify('authflux_keys_changed', NEW.kid);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER signing_keys_changed_notify
    AFTER INSERT OR UPDATE OR DELETE ON signing_keys
    FOR EACH ROW
    EXECUTE FUNCTION notify_signing_keys_changed();
