-- The scope granted to a client's session (kind 'client'): the refresh token grant may narrow it
-- for one access token but never widen it (RFC 6749 §6), so the original grant is kept with the
-- session. A session with offline_access also holds refresh tokens, rotated like an API session's.
ALTER TABLE sessions ADD COLUMN scope text;
