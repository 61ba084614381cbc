-- Mails to send. A mail is written in the same transaction as the change that causes it, so it
-- exists exactly when its change does, and is delivered later by whichever instance claims it:
-- claiming moves next_attempt_at past a lease (in a statement with FOR UPDATE SKIP LOCKED), so no
-- two instances send one mail; a failed attempt moves it to the next retry. The body carries a
-- one-time token: it is erased when the mail is sent, and sent rows are deleted after a while.
CREATE TABLE mail_outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    CHECK ((sent_at IS NULL) = (body IS NOT NULL))
);

CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
