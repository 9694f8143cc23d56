-- quo-crm-bridge store, version 2: contact polling (checkpoints, contacts seen per scan).

-- One row per poller (today: "contacts"): the scan in progress and where it stands, so a restart resumes.
CREATE TABLE poll_checkpoint (
    name              VARCHAR(64)  PRIMARY KEY,
    scan_id           BIGINT       DEFAULT 0 NOT NULL,      -- increments with every new scan
    status            VARCHAR(16)  NOT NULL,                -- IDLE | RUNNING | FAILED
    page_token        VARCHAR(1000),                        -- the next page to fetch; null = the first page
    pages_done        INT          DEFAULT 0 NOT NULL,
    contacts_seen     BIGINT       DEFAULT 0 NOT NULL,
    contacts_changed  BIGINT       DEFAULT 0 NOT NULL,
    total_estimate    BIGINT,                               -- Quo's totalItems (documented as inaccurate)
    started_at        TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE,
    last_complete_at  TIMESTAMP WITH TIME ZONE,
    last_complete_scan BIGINT,
    requested_at      TIMESTAMP WITH TIME ZONE,             -- an on-demand scan was asked for
    last_error        VARCHAR(2000)
);

-- The Quo contacts the poller has seen, and in which scan last: contacts the bridge wrote that a complete scan
-- no longer finds are reported as deleted in Quo.
CREATE TABLE quo_contact_seen (
    record_key     VARCHAR(255) PRIMARY KEY,
    quo_id         VARCHAR(255),
    last_seen_scan BIGINT       NOT NULL,
    last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_contact_seen_scan ON quo_contact_seen (last_seen_scan);
