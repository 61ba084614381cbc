-- Accounts. Usernames are unique case-insensitively but stored in the case first registered.
-- The format rule is repeated here so that no path around the API can store a name the API
-- would refuse.
CREATE TABLE users (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    username            text        NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
    password_hash       text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- lower() is safe here: usernames are ASCII only (see the CHECK above).
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
