-- An account's email address, optional. It counts only once verified: verified addresses are
-- unique case-insensitively (lower() is safe: the API accepts ASCII addresses only), unverified
-- ones are not, so that nobody can hold an address they cannot read.
ALTER TABLE users
    ADD COLUMN email             text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
    ADD COLUMN email_verified_at timestamptz,
    ADD CHECK (email_verified_at IS NULL OR email IS NOT NULL);

CREATE UNIQUE INDEX users_verified_email_key ON users (lower(email)) WHERE email_verified_at IS NOT NULL;

-- Tokens mailed to prove that a user reads an address: only their SHA-256 is kept. A token
-- verifies the address it was mailed to, only while that is still the account's address, once,
-- before it expires.
CREATE TABLE email_verifications (
    token_hash bytea       PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX email_verifications_user_id_idx ON email_verifications (user_id);
CREATE INDEX email_verifications_expires_at_idx ON email_verifications (expires_at);
