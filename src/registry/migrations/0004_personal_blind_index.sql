-- registry/: blind indexes (keyed hashes, HMAC-SM3 under a key derived from the master key and
-- kept outside the database; auth::PersonalDataCipher::BlindIndex) beside the sealed personal
-- fields, so that a legal representative or an inspector can be found by exact name without
-- decrypting the table. NULL means "not computed yet": a migration cannot compute an HMAC, so rows
-- written before this migration get theirs from `zq keys reindex` (or `zq keys rotate`); every
-- write from now on stores it. An empty field has the index ''.
ALTER TABLE entities ADD COLUMN legal_representative_index TEXT;
CREATE INDEX entities_legal_representative_index ON entities (legal_representative_index);
ALTER TABLE inspectors ADD COLUMN name_index TEXT;
CREATE INDEX inspectors_name_index ON inspectors (name_index);
