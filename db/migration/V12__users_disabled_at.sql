-- An operator can disable an account: while disabled_at is set, a login with the right password
-- is refused (403 account_disabled) and no session can be created for it. Enabling clears it.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
