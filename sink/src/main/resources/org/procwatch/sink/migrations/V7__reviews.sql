-- Analysts' reviews of vendor links (CONTRACTS sections 2 and 7): every review kept, one row each, with who
-- (the API token's name), when, the decision, the note and the evidence the analyst saw. The latest review of
-- a link decides; a false positive retracts its alert (alerts.retract_reason = 'review').
CREATE TABLE reviews (
    review_id   text PRIMARY KEY,
    ocid        text NOT NULL,
    entity_id   text NOT NULL,
    decision    text NOT NULL CHECK (decision IN ('false_positive', 'confirmed')),
    note        text,
    reviewer    text NOT NULL,
    reviewed_at timestamptz NOT NULL,
    evidence    jsonb NOT NULL
);
CREATE INDEX reviews_link ON reviews (ocid, entity_id, reviewed_at DESC);
