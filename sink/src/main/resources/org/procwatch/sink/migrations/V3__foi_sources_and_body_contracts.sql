-- FOI answers from WhatDoTheyKnow as well as from tables (CONTRACTS sections 5 and 7), and each FOI body
-- linked to the contracts it bought. A body and a buyer are the same organisation when their names have the
-- same comparable key (the matcher's: case, punctuation, "and" and legal forms aside), which the sink
-- writes beside each name; FOI bodies carry no identifier to join on.

ALTER TABLE foi_responses ADD COLUMN source text NOT NULL DEFAULT 'file';
ALTER TABLE foi_responses ADD COLUMN evidence text;
ALTER TABLE foi_responses ADD COLUMN body_key text;
ALTER TABLE contracts ADD COLUMN buyer_key text;
CREATE INDEX foi_responses_body_key ON foi_responses (body_key);
CREATE INDEX contracts_buyer_key ON contracts (buyer_key);

-- One row per FOI answer and alert on a contract its body bought: the answer beside the listed firm the
-- contract is linked to. "contradiction" marks what a watchdog hunts for: a body that answered that it does
-- not use a firm's equipment, yet holds a contract for it (linked to the firm itself, a subsidiary, a brand, a
-- supplier it owns or an OEM of it; a distributor, parent or affiliate need not sell its equipment).
CREATE VIEW foi_body_contracts AS
SELECT f.request_id, f.body_name, f.body_type, f.outcome, f.hikvision, f.dahua, f.evidence, f.source, f.source_url,
       c.ocid, c.title, c.value, c.currency, a.alert_id, a.listed_entity_id, a.listed_entity, a.supplier, a.relation,
       f.outcome = 'answered' AND a.relation IN ('listed', 'subsidiary', 'brand', 'owned-by', 'oem')
           AND ((a.listed_entity_id = 'hikvision' AND f.hikvision = 'no') OR (a.listed_entity_id = 'dahua' AND f.dahua = 'no'))
           AS contradiction
FROM foi_responses f
JOIN contracts c ON c.buyer_key = f.body_key
JOIN alerts a ON a.ocid = c.ocid
WHERE f.body_key IS NOT NULL;
