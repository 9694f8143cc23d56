-- Every target's version of a record, by its key (the contact poller compares a page's contacts with what each
-- target accepted): without it that lookup scans the whole table for every page, so a backfill slows as it grows.
CREATE INDEX ix_record_version_key ON crm_record_version (record_kind, record_key);
