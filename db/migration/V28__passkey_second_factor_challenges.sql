-- Passkeys as the second factor of a login: the challenge of that step names the account
-- the mfa_token is for (user_id), so that only an assertion of one of its passkeys answers it.
-- Only a passwordless login's challenge names no account.
ALTER TABLE passkey_challenges DROP CONSTRAINT passkey_challenges_purpose_check;
ALTER TABLE passkey_challenges DROP CONSTRAINT passkey_challenges_check;
ALTER TABLE passkey_challenges ADD CONSTRAINT passkey_challenges_purpose_check
    CHECK (purpose IN ('registration', 'authentication', 'second_factor'));
ALTER TABLE passkey_challenges ADD CONSTRAINT passkey_challenges_user_id_check
    CHECK ((purpose = 'authentication') = (user_id IS NULL));
