-- OAuth clients registered by operators (RFC 7591 metadata). A confidential client's secret is
-- stored only as its SHA-256: the secret is 256 random bits, so a slow hash would add no
-- protection, only cost on every client_credentials grant (docs/security.md, "Client secrets").
-- A public client (token_endpoint_auth_method 'none') has no secret at all. While disabled_at is
-- set, the client authenticates nowhere and the tokens it holds are inactive at introspection.
CREATE TABLE oauth_clients (
    client_id                  text        PRIMARY KEY CHECK (client_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    secret_hash                bytea       CHECK (octet_length(secret_hash) = 32),
    client_name                text        NOT NULL,
    redirect_uris              text[]      NOT NULL DEFAULT '{}',
    grant_types                text[]      NOT NULL,
    response_types             text[]      NOT NULL DEFAULT '{}',
    token_endpoint_auth_method text        NOT NULL
        CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
    scope                      text        NOT NULL DEFAULT '',
    post_logout_redirect_uris  text[]      NOT NULL DEFAULT '{}',
    skip_consent               boolean     NOT NULL DEFAULT false,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    disabled_at                timestamptz,
    CHECK ((token_endpoint_auth_method = 'none') = (secret_hash IS NULL))
);
