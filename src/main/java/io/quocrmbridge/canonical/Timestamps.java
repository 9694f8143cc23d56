package io.quocrmbridge.canonical;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Quo's ISO-8601 timestamps, as epoch milliseconds for ordering versions. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Epoch milliseconds of an ISO-8601 instant, or null when absent or unreadable. */
    public static Long epochMillis(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(iso.trim()).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
