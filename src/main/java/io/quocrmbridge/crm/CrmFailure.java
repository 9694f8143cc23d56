package io.quocrmbridge.crm;

/**
 * Why a CRM write failed, and what the bridge does about it.
 *
 * @param kind       what the failure means for the record
 * @param reason     what the CRM (or the bridge) said
 * @param errorCode  the CRM's error code, e.g. INVALID_EMAIL_ADDRESS
 * @param httpStatus the CRM's HTTP status, when there was an answer
 * @param pause      for THROTTLED and TARGET_UNAVAILABLE: how long the target should rest, when the CRM said (null:
 *                   the configured default)
 */
public record CrmFailure(Kind kind, String reason, String errorCode, Integer httpStatus, java.time.Duration pause) {

    public CrmFailure(Kind kind, String reason, String errorCode, Integer httpStatus) {
        this(kind, reason, errorCode, httpStatus, null);
    }

    /** What a failure means for the record. */
    public enum Kind {
        /** Bad data or a request the CRM refuses (4xx other than 429): dead-lettered at once. */
        PERMANENT,
        /** 429, 5xx, timeouts, broken connections: retried with backoff, then dead-lettered. */
        TRANSIENT,
        /**
         * The target as a whole can't take writes (login refused, the org's API allowance spent): the record stays
         * queued and is retried later without using up its attempts, so nothing floods the dead letters.
         */
        TARGET_UNAVAILABLE,
        /**
         * The CRM's short rate-limit window is full (HubSpot's TEN_SECONDLY_ROLLING): the target rests for the window
         * ({@link #pause}) and the record is sent again afterwards, without using up an attempt.
         */
        THROTTLED
    }

    public static CrmFailure permanent(String reason, String errorCode, Integer httpStatus) {
        return new CrmFailure(Kind.PERMANENT, reason, errorCode, httpStatus);
    }

    public static CrmFailure retryable(String reason, String errorCode, Integer httpStatus) {
        return new CrmFailure(Kind.TRANSIENT, reason, errorCode, httpStatus);
    }

    public static CrmFailure targetUnavailable(String reason, String errorCode, Integer httpStatus) {
        return new CrmFailure(Kind.TARGET_UNAVAILABLE, reason, errorCode, httpStatus);
    }

    public static CrmFailure throttled(String reason, String errorCode, Integer httpStatus, java.time.Duration pause) {
        return new CrmFailure(Kind.THROTTLED, reason, errorCode, httpStatus, pause);
    }

    /** Short text for logs and the journal. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (httpStatus != null) {
            text.append(httpStatus).append(' ');
        }
        if (errorCode != null && (reason == null || !reason.startsWith(errorCode))) {
            text.append(errorCode).append(": ");
        }
        text.append(reason == null ? "unknown error" : reason);
        return text.toString();
    }
}
