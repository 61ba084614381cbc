-- Passkeys (WebAuthn Level 2 public-key credentials) of accounts. Only public data is kept: the
-- attested credential data (AAGUID, credential id, COSE public key) as the authenticator sent
-- it, its signature counter and flags. credential_id is unique across accounts, as WebAuthn
-- requires of a relying party (§7.1 step 22).
CREATE TABLE passkeys (
    id                       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id            bytea       NOT NULL UNIQUE,
    attested_credential_data bytea       NOT NULL,
    sign_count               bigint      NOT NULL CHECK (sign_count >= 0),
    uv_initialized           boolean     NOT NULL,
    backup_eligible          boolean     NOT NULL,
    backup_state             boolean     NOT NULL,
    transports               text[]      NOT NULL DEFAULT '{}',
    name                     text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    created_at               timestamptz NOT NULL DEFAULT now(),
    last_used_at             timestamptz
);

CREATE INDEX passkeys_user_id_idx ON passkeys (user_id, created_at);

-- Challenges of registration and authentication ceremonies, by the SHA-256 of their random
-- bytes: a copy of the table holds none that could be answered. A row is deleted by the one
-- statement that spends it, so it works once, on any instance; user_id is the account a
-- registration is for (NULL for a login, which names its account only by the credential).
CREATE TABLE passkey_challenges (
    challenge_hash bytea       PRIMARY KEY,
    purpose        text        NOT NULL CHECK (purpose IN ('registration', 'authentication')),
    user_id        uuid        REFERENCES users (id) ON DELETE CASCADE,
    expires_at     timestamptz NOT NULL,
    CHECK ((purpose = 'registration') = (user_id IS NOT NULL))
);

CREATE INDEX passkey_challenges_expires_at_idx ON passkey_challenges (expires_at);
