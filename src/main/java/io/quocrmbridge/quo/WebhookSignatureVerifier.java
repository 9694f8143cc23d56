package io.quocrmbridge.quo;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Quo's two webhook signature schemes on the raw request bytes.
 *
 * <ul>
 *   <li><b>Legacy</b> ({@code openphone-signature: hmac;1;<timestamp>;<base64>}, several may be comma-separated):
 *       HMAC-SHA256 over {@code <timestamp>.<body>}; the timestamp is in milliseconds in real deliveries (a
 *       10-digit seconds value is accepted too).</li>
 *   <li><b>Standard Webhooks</b>, the beta plane ({@code webhook-id}, {@code webhook-timestamp} in seconds,
 *       {@code webhook-signature: v1,<base64> v1,<base64>}): HMAC-SHA256 over {@code <id>.<timestamp>.<body>}.</li>
 * </ul>
 * Digests are compared in constant time; a timestamp further than the tolerance from this server's clock, in
 * either direction, is refused. Every configured secret is tried.
 */
public final class WebhookSignatureVerifier {

    public static final String LEGACY_HEADER = "openphone-signature";
    public static final String STANDARD_ID_HEADER = "webhook-id";
    public static final String STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE_HEADER = "webhook-signature";

    /** Timestamps above this are milliseconds (10^11 ms is 1973; 10^11 s is the year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final WebhookSecrets secrets;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookSignatureVerifier(WebhookSecrets secrets, Duration tolerance, Clock clock) {
        this.secrets = secrets;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Which scheme signed a delivery. */
    public enum Scheme {
        LEGACY, STANDARD
    }

    /** Why a delivery was refused. */
    public enum Failure {
        /** No signature header at all. */
        MISSING("signature_missing", "no openphone-signature or webhook-signature header"),
        /** A signature header that can't be read. */
        MALFORMED("signature_malformed", "signature header is not in a recognised format"),
        /** A well-formed signature whose timestamp is outside the accepted window. */
        STALE("signature_stale", "signature timestamp is outside the accepted window"),
        /** A well-formed, fresh signature that matches no configured secret. */
        MISMATCH("signature_mismatch", "signature does not match any configured secret"),
        /** No secret is configured, so nothing can be verified. */
        NO_SECRET("no_secret_configured", "no webhook secret is configured (QUO_WEBHOOK_SECRETS)");

        private final String code;
        private final String description;

        Failure(String code, String description) {
            this.code = code;
            this.description = description;
        }

        public String code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

    /** The outcome: the scheme seen, and the failure when the delivery is refused. */
    public record Result(Scheme scheme, Failure failure) {

        public boolean valid() {
            return failure == null;
        }
    }

    /**
     * Verifies one delivery.
     *
     * @param header looks up a request header by name, case-insensitively; null when absent
     * @param body   the raw request body, exactly as received
     */
    public Result verify(Function<String, String> header, byte[] body) {
        String standard = header.apply(STANDARD_SIGNATURE_HEADER);
        if (standard != null) {
            return new Result(Scheme.STANDARD, secrets.isEmpty() ? Failure.NO_SECRET : verifyStandard(header, standard, body));
        }
        String legacy = header.apply(LEGACY_HEADER);
        if (legacy != null) {
            return new Result(Scheme.LEGACY, secrets.isEmpty() ? Failure.NO_SECRET : verifyLegacy(legacy, body));
        }
        return new Result(null, secrets.isEmpty() ? Failure.NO_SECRET : Failure.MISSING);
    }

    /** The scheme a delivery's headers claim, without verifying it (used when verification is switched off). */
    public static Scheme schemeOf(Function<String, String> header) {
        if (header.apply(STANDARD_SIGNATURE_HEADER) != null || header.apply(STANDARD_ID_HEADER) != null) {
            return Scheme.STANDARD;
        }
        return Scheme.LEGACY;
    }

    private Failure verifyLegacy(String headerValue, byte[] body) {
        Failure worst = Failure.MALFORMED;
        for (String entry : headerValue.split(",")) {
            String[] fields = entry.trim().split(";");
            if (fields.length != 4 || !"hmac".equalsIgnoreCase(fields[0].trim()) || !"1".equals(fields[1].trim())) {
                continue;
            }
            String timestamp = fields[2].trim();
            byte[] provided = decodeBase64(fields[3].trim());
            Long millis = parseTimestamp(timestamp, true);
            if (provided == null || millis == null) {
                continue;
            }
            if (!isFresh(millis)) {
                worst = worse(worst, Failure.STALE);
                continue;
            }
            if (matchesAnySecret(provided, concat(timestamp + ".", body))) {
                return null;
            }
            worst = Failure.MISMATCH;
        }
        return worst;
    }

    private Failure verifyStandard(Function<String, String> header, String signatures, byte[] body) {
        String id = header.apply(STANDARD_ID_HEADER);
        String timestamp = header.apply(STANDARD_TIMESTAMP_HEADER);
        if (id == null || id.isBlank() || timestamp == null) {
            return Failure.MALFORMED;
        }
        Long millis = parseTimestamp(timestamp.trim(), false);
        if (millis == null) {
            return Failure.MALFORMED;
        }
        byte[] signed = concat(id + "." + timestamp.trim() + ".", body);
        Failure worst = Failure.MALFORMED;
        for (String entry : signatures.trim().split("\\s+")) {
            int comma = entry.indexOf(',');
            if (comma <= 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] provided = decodeBase64(entry.substring(comma + 1));
            if (provided == null) {
                continue;
            }
            if (!isFresh(millis)) {
                worst = worse(worst, Failure.STALE);
                continue;
            }
            if (matchesAnySecret(provided, signed)) {
                return null;
            }
            worst = Failure.MISMATCH;
        }
        return worst;
    }

    private boolean isFresh(long millis) {
        long distance = Math.abs(clock.millis() - millis);
        return distance <= tolerance.toMillis();
    }

    private boolean matchesAnySecret(byte[] provided, byte[] signed) {
        boolean matched = false;
        for (byte[] key : secrets.keys()) {
            // no early exit: every secret is tried, so timing says nothing about which one matched
            matched |= MessageDigest.isEqual(hmacSha256(key, signed), provided);
        }
        return matched;
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Long parseTimestamp(String value, boolean legacy) {
        if (value.isEmpty() || value.length() > 16 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long number = Long.parseLong(value);
        if (legacy && number >= MILLIS_THRESHOLD) {
            return number;
        }
        return number * 1000;
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static Failure worse(Failure current, Failure candidate) {
        return candidate.ordinal() > current.ordinal() ? candidate : current;
    }
}
