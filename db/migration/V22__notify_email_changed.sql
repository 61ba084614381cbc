-- Every instance of the service caches accounts' email addresses for GET /api/v1/users/me.
-- Whatever changes an address or its verification (the API on any instance, or hand-written SQL)
-- announces the account id on this channel at commit, so every instance drops its cached copy.
CREATE FUNCTION notify_email_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('authflux_email_changed', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_email_changed_notify
    AFTER UPDATE OF email, email_verified_at OR DELETE ON users
    FOR EACH ROW
    EXECUTE FUNCTION notify_email_changed();
