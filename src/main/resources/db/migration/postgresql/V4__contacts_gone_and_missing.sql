-- quo-crm-bridge store, version 4: contacts gone from a target, contacts missing from Quo's list.

-- When the contact's deletion (CONTACT_DELETE_POLICY=delete) or "deleted in Quo" flag (flag) was written to the
-- target; cleared when a later upsert is written. A complete scan does not count a gone contact as missing.
ALTER TABLE crm_record_version ADD COLUMN gone_at TIMESTAMP WITH TIME ZONE;

-- The contacts the last complete scan found missing (written to a target, not gone, not in Quo's list): the next
-- scan reports only contacts not listed here, and CONTACT_DELETE_POLICY is queued once per contact
-- (QUO_POLL_APPLY_DELETIONS=true). A contact Quo lists again leaves the table at the next complete scan.
CREATE TABLE quo_contact_missing (
    record_key          VARCHAR(255) PRIMARY KEY,
    first_missing_scan  BIGINT       NOT NULL,      -- the complete scan that first missed it
    deletion_queued_at  TIMESTAMP WITH TIME ZONE    -- when CONTACT_DELETE_POLICY was queued for it, if it was
);
