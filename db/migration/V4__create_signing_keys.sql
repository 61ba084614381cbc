-- JWT signing keys, shared by every instance of the service. private_jwk holds the whole key
-- pair as a JWK (RFC 7517); it is read by the service only and never leaves it: JWKS publishes
-- the public half. At most one key per algorithm is active (retired_at IS NULL), so instances
-- that start at the same moment agree on one key.
CREATE TABLE signing_keys (
    kid         text        PRIMARY KEY,
    algorithm   text        NOT NULL,
    private_jwk text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

CREATE UNIQUE INDEX signing_keys_one_active_per_algorithm ON signing_keys (algorithm)
    WHERE retired_at IS NULL;
