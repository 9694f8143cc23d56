package io.quocrmbridge.store;

/**
 * The version of one record: Quo's {@code updatedAt} (epoch ms) where the record has one, and always a hash of
 * its content. Together with the record key it is the idempotency key of every CRM write.
 *
 * @param timestamp   updatedAt in epoch milliseconds, or null when the payload carries none
 * @param contentHash hash of the record's content as the bridge maps it
 */
public record RecordVersion(Long timestamp, String contentHash) {

    /** What a candidate version means next to the version already accepted for the same record. */
    public enum Verdict {
        /** Newer than what was accepted, or nothing was accepted yet: write it. */
        NEWER,
        /** The same version (same content, or the same updatedAt): nothing to write. */
        SAME,
        /** Older than what was accepted: writing it would overwrite newer data. */
        OLDER
    }

    /**
     * Compares this candidate with the accepted version.
     *
     * <p>Identical content is always {@link Verdict#SAME}. Otherwise, when both carry a timestamp, the timestamp
     * decides and an equal timestamp counts as the same version (two renderings of one Quo update, e.g. by webhook
     * and by poll). When either lacks one, different content can't be ordered and counts as newer.
     */
    public Verdict against(RecordVersion accepted) {
        if (accepted == null) {
            return Verdict.NEWER;
        }
        if (contentHash.equals(accepted.contentHash)) {
            return Verdict.SAME;
        }
        if (timestamp != null && accepted.timestamp != null) {
            int order = Long.compare(timestamp, accepted.timestamp);
            if (order > 0) {
                return Verdict.NEWER;
            }
            return order == 0 ? Verdict.SAME : Verdict.OLDER;
        }
        return Verdict.NEWER;
    }

    /** The later of two timestamps, so a no-op update still moves the gate forward. */
    public static Long latest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
