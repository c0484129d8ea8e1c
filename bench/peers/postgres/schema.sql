-- The schema a records tracker for information-disclosure requests would
-- have in PostgreSQL: what gongkai_bench peer-postgres loads into a fresh
-- cluster and drives (bench/peers/postgres/README.md).
--
-- requests: one row per request, its current state (what the worklists and
-- the queue page read); events: every step of its life, in order, the
-- details as jsonb; idempotency_keys: what a client that sends again
-- (after a lost answer) is given back instead of a second request.

CREATE TABLE requests (
  id              text PRIMARY KEY,           -- e.g. 210300-2024-000123
  agency          text NOT NULL,              -- the agency's code (210300)
  received_on     date NOT NULL,
  due_on          date,                       -- the statutory reply date
  status          text NOT NULL,              -- the kind of its last event
  channel         text NOT NULL,              -- online, letter, in person ...
  applicant_type  text NOT NULL,              -- natural_person, legal_person ...
  applicant_name  text NOT NULL,
  applicant_phone text,
  applicant_address text,
  subject         text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The requests of an agency by date (lists, monthly and annual reports).
CREATE INDEX requests_agency_received ON requests (agency, received_on);

-- The due date of open requests only (the overdue worklist, the queue of
-- what falls due within N working days): closed requests leave the index.
CREATE INDEX requests_open_due ON requests (due_on)
  WHERE status NOT IN ('decided', 'withdrawn');

CREATE TABLE events (
  request_id  text NOT NULL REFERENCES requests (id),
  seq         integer NOT NULL,               -- 1 is the receipt
  kind        text NOT NULL,                  -- received, consultation_started ...
  payload     jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, seq)
);

CREATE TABLE idempotency_keys (
  key        text PRIMARY KEY,
  sender     text NOT NULL,
  request_id text NOT NULL,
  reply      text NOT NULL                    -- what was answered the first time
);
