-- What a user allowed a client on the consent page: one row per user and client, the scopes
-- granted so far (space-separated) and when they were last granted. An authorization request
-- whose scopes are all in granted_scope shows no consent page. A consent goes with its user and
-- its client (ON DELETE CASCADE): a client registered again under the same id starts without one.
CREATE TABLE oauth_consents (
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id     text        NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    granted_scope text        NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, client_id)
);

CREATE INDEX oauth_consents_client_id_idx ON oauth_consents (client_id);
