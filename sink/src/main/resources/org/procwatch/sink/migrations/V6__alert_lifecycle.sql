-- The alert lifecycle (CONTRACTS sections 2 and 7): an alert is retracted, never deleted, when what it
-- rested on is gone, and active again when it holds again; a vendor link that stops holding is kept with
-- the time it ended. Each list a link or alert rests on is kept with the version or date of that list, as
-- [{"name": ..., "version": ...}]. Exposure counts active alerts only.

ALTER TABLE alerts ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE alerts ADD COLUMN retracted_at timestamptz;
ALTER TABLE alerts ADD COLUMN retract_reason text;
ALTER TABLE alerts ADD COLUMN list_versions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE alerts ADD CONSTRAINT alerts_status CHECK (status IN ('active', 'retracted'));
CREATE INDEX alerts_active_ocid ON alerts (ocid) WHERE status = 'active';

ALTER TABLE vendor_links ADD COLUMN ended_at timestamptz;
ALTER TABLE vendor_links ADD COLUMN list_versions jsonb NOT NULL DEFAULT '[]';

CREATE OR REPLACE VIEW exposure_by_buyer AS
SELECT c.buyer, c.body_type, count(*) AS contracts, sum(c.value) AS total_value,
       CASE WHEN count(DISTINCT c.currency) = 1 THEN min(c.currency) END AS currency
FROM contracts c
WHERE EXISTS (SELECT 1 FROM alerts a WHERE a.ocid = c.ocid AND a.status = 'active')
GROUP BY c.buyer, c.body_type;

CREATE OR REPLACE VIEW exposure_by_entity AS
SELECT a.listed_entity_id AS entity_id, min(a.listed_entity) AS entity, count(DISTINCT a.ocid) AS contracts,
       sum(c.value) AS total_value,
       CASE WHEN count(DISTINCT c.currency) = 1 THEN min(c.currency) END AS currency
FROM alerts a JOIN contracts c ON c.ocid = a.ocid
WHERE a.status = 'active'
GROUP BY a.listed_entity_id;

-- A body's contracts with their active alerts; a retracted alert no longer contradicts an FOI answer.
CREATE OR REPLACE VIEW foi_body_contracts AS
SELECT f.request_id, f.body_name, f.body_type, f.outcome, f.hikvision, f.dahua, f.evidence, f.source, f.source_url,
       c.ocid, c.title, c.value, c.currency, a.alert_id, a.listed_entity_id, a.listed_entity, a.supplier, a.relation,
       f.outcome = 'answered' AND a.relation IN ('listed', 'subsidiary', 'brand', 'owned-by', 'oem')
           AND ((a.listed_entity_id = 'hikvision' AND f.hikvision = 'no') OR (a.listed_entity_id = 'dahua' AND f.dahua = 'no'))
           AS contradiction
FROM foi_responses f
JOIN contracts c ON c.buyer_key = f.body_key
JOIN alerts a ON a.ocid = c.ocid AND a.status = 'active'
WHERE f.body_key IS NOT NULL;
