-- procwatch's tables for analysts (CONTRACTS section 7). Rows are upserts keyed like their topics, so a
-- replay never duplicates. Values come from the Avro records; the compiled release and evidence are kept
-- whole as jsonb.

CREATE TABLE contracts (
    ocid              text PRIMARY KEY,
    buyer             text,
    body_type         text NOT NULL,
    title             text,
    value             numeric,
    currency          text,
    release_count     integer NOT NULL,
    last_release_date text,
    source_url        text,
    compiled_release  jsonb NOT NULL,
    compiled_at       timestamptz NOT NULL
);
CREATE INDEX contracts_buyer ON contracts (buyer);

CREATE TABLE vendor_links (
    subject_type     text NOT NULL,
    subject_id       text NOT NULL,
    entity_id        text NOT NULL,
    entity_name      text NOT NULL,
    listed_entity_id text NOT NULL,
    listed_entity    text NOT NULL,
    relation         text NOT NULL,
    role             text,
    party_name       text,
    lists            text[] NOT NULL,
    score            double precision NOT NULL,
    evidence         jsonb NOT NULL,
    linked_at        timestamptz NOT NULL,
    PRIMARY KEY (subject_type, subject_id, entity_id)
);
CREATE INDEX vendor_links_listed_entity ON vendor_links (listed_entity_id);

CREATE TABLE alerts (
    alert_id         text PRIMARY KEY,
    ocid             text NOT NULL,
    buyer            text,
    body_type        text NOT NULL,
    supplier         text,
    listed_entity_id text NOT NULL,
    listed_entity    text NOT NULL,
    relation         text NOT NULL,
    lists            text[] NOT NULL,
    score            double precision NOT NULL,
    value            numeric,
    currency         text,
    evidence         jsonb NOT NULL,
    source_url       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    revision         integer NOT NULL
);
CREATE INDEX alerts_created_at ON alerts (created_at DESC);
CREATE INDEX alerts_ocid ON alerts (ocid);
CREATE INDEX alerts_listed_entity ON alerts (listed_entity_id);

CREATE TABLE foi_responses (
    request_id    text PRIMARY KEY,
    body_name     text NOT NULL,
    body_type     text NOT NULL,
    region        text,
    response_date date,
    outcome       text NOT NULL,
    hikvision     text NOT NULL,
    dahua         text NOT NULL,
    other_vendors text[] NOT NULL,
    capabilities  text[] NOT NULL,
    source_url    text
);

-- Per buyer: its contracting processes alerted about any listed firm (each once), and their value.
CREATE VIEW exposure_by_buyer AS
SELECT c.buyer, c.body_type, count(*) AS contracts, sum(c.value) AS total_value,
       CASE WHEN count(DISTINCT c.currency) = 1 THEN min(c.currency) END AS currency
FROM contracts c
WHERE EXISTS (SELECT 1 FROM alerts a WHERE a.ocid = c.ocid)
GROUP BY c.buyer, c.body_type;

-- Per listed firm: the contracting processes alerted about it, and their value.
CREATE VIEW exposure_by_entity AS
SELECT a.listed_entity_id AS entity_id, min(a.listed_entity) AS entity, count(DISTINCT a.ocid) AS contracts,
       sum(c.value) AS total_value,
       CASE WHEN count(DISTINCT c.currency) = 1 THEN min(c.currency) END AS currency
FROM alerts a JOIN contracts c ON c.ocid = a.ocid
GROUP BY a.listed_entity_id;

-- The FOI summary (CONTRACTS section 5, the columns of /api/foi/summary): a body uses a listed firm's
-- equipment when it answered and said yes for Hikvision or Dahua, or named a listed firm, subsidiary or
-- brand among its other vendors (a vendor link of the body). "using" is a keyword in SQL: quote it.
CREATE VIEW foi_summary AS
WITH counted AS (
    SELECT f.body_type,
           f.outcome = 'answered' AS answered,
           f.outcome = 'answered' AND (f.hikvision = 'yes' OR f.dahua = 'yes' OR EXISTS (
               SELECT 1 FROM vendor_links v
               WHERE v.subject_type = 'FOI_BODY' AND v.subject_id = f.request_id
                 AND v.relation IN ('listed', 'subsidiary', 'brand'))) AS uses
    FROM foi_responses f
), grouped AS (
    SELECT body_type, count(*) AS requests, count(*) FILTER (WHERE answered) AS answered,
           count(*) FILTER (WHERE uses) AS "using"
    FROM counted GROUP BY body_type
    UNION ALL
    SELECT 'all', count(*), count(*) FILTER (WHERE answered), count(*) FILTER (WHERE uses) FROM counted
)
SELECT body_type, requests, answered, "using",
       CASE WHEN answered > 0 THEN "using"::double precision / answered END AS share
FROM grouped;
