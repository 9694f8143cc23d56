package io.quocrmbridge.quo;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
 *
 * <p>A forged delivery costs little to refuse: HMACs over the body are the only expensive step, so they come last.
 * A signature header longer than {@value #MAX_SIGNATURE_HEADER_CHARS} characters, or with more than
 * {@value #MAX_SIGNATURE_ENTRIES} entries, is refused as malformed before anything is hashed; the timestamp is
 * checked before hashing; an entry whose signature does not decode to the {@value #HMAC_SHA256_BYTES} bytes of an
 * HMAC-SHA256 is never hashed for; and each secret's HMAC is computed once per signed content, then compared with
 * every entry that claims it (once a delivery for Standard Webhooks, once a distinct timestamp for legacy).
 */
public final class WebhookSignatureVerifier {

    public static final String LEGACY_HEADER = "openphone-signature";
    public static final String STANDARD_ID_HEADER = "webhook-id";
    public static final String STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE_HEADER = "webhook-signature";

    /** Timestamps above this are milliseconds (10^11 ms is 1973; 10^11 s is the year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    /**
     * Most signature entries one header may hold; more is refused as malformed without hashing anything. A delivery
     * carries one signature per signing secret, so this leaves room for a secret rotation; without a cap, a forged
     * delivery with hundreds of entries cost an HMAC over the whole body for each entry and each secret.
     */
    static final int MAX_SIGNATURE_ENTRIES = 8;

    /**
     * Longest signature header value read, in characters; longer is refused as malformed without hashing anything.
     * {@value #MAX_SIGNATURE_ENTRIES} entries take under 600 characters (a legacy entry is about 70).
     */
    static final int MAX_SIGNATURE_HEADER_CHARS = 4096;

    /** Length of an HMAC-SHA256: a provided signature of any other length can never match, so it is not hashed for. */
    private static final int HMAC_SHA256_BYTES = 32;

    private final WebhookSecrets secrets;
    private final Duration tolerance;
    private final Clock clock;
    /** HMACs computed so far, see {@link #hmacsComputed()}. */
    private final LongAdder hmacsComputed = new LongAdder();

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
        /** A signature header that can't be read, or is too long or holds too many entries to be worth reading. */
        MALFORMED("signature_malformed", "signature header is not in a recognised format or is too large"),
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
        List<String> entries = entries(headerValue, ",");
        if (entries == null) {
            return Failure.MALFORMED;
        }
        Failure worst = Failure.MALFORMED;
        // fresh, 32-byte signatures by their timestamp exactly as written (it is part of the signed content)
        Map<String, List<byte[]>> candidates = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] fields = entry.split(";");
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
            worst = Failure.MISMATCH;
            if (provided.length == HMAC_SHA256_BYTES) {
                candidates.computeIfAbsent(timestamp, t -> new ArrayList<>()).add(provided);
            }
        }
        for (Map.Entry<String, List<byte[]>> signedAt : candidates.entrySet()) {
            if (matchesAnySecret(signedAt.getValue(), signedAt.getKey() + ".", body)) {
                return null;
            }
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
        List<String> entries = entries(signatures, "\\s+");
        if (millis == null || entries == null) {
            return Failure.MALFORMED;
        }
        boolean wellFormed = false;
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : entries) {
            int comma = entry.indexOf(',');
            if (comma <= 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] provided = decodeBase64(entry.substring(comma + 1));
            if (provided == null) {
                continue;
            }
            wellFormed = true;
            if (provided.length == HMAC_SHA256_BYTES) {
                candidates.add(provided);
            }
        }
        if (!wellFormed) {
            return Failure.MALFORMED;
        }
        if (!isFresh(millis)) {
            return Failure.STALE;
        }
        // every entry signs the same content, so each secret's HMAC is computed once for all of them
        return matchesAnySecret(candidates, id + "." + timestamp.trim() + ".", body) ? null : Failure.MISMATCH;
    }

    /**
     * The non-blank entries of a signature header, or null when the header is too long or has too many entries to
     * be worth reading ({@link #MAX_SIGNATURE_HEADER_CHARS}, {@link #MAX_SIGNATURE_ENTRIES}).
     */
    private static List<String> entries(String headerValue, String separator) {
        if (headerValue.length() > MAX_SIGNATURE_HEADER_CHARS) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : headerValue.trim().split(separator)) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (entries.size() == MAX_SIGNATURE_ENTRIES) {
                return null;
            }
            entries.add(trimmed);
        }
        return entries;
    }

    private boolean isFresh(long millis) {
        long distance = Math.abs(clock.millis() - millis);
        return distance <= tolerance.toMillis();
    }

    /**
     * Whether any provided signature is the HMAC of {@code prefix + body} under any secret: one HMAC per secret,
     * compared with every provided signature in constant time. No early exit: every secret and every signature is
     * compared, so timing says nothing about which one matched.
     */
    private boolean matchesAnySecret(List<byte[]> provided, String prefix, byte[] body) {
        if (provided.isEmpty()) {
            return false;
        }
        boolean matched = false;
        for (byte[] key : secrets.keys()) {
            byte[] expected = hmacSha256(key, prefix, body);
            for (byte[] signature : provided) {
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched;
    }

    /** HMAC-SHA256 of {@code prefix + body}, counted in {@link #hmacsComputed()}; the body is not copied. */
    private byte[] hmacSha256(byte[] key, String prefix, byte[] body) {
        hmacsComputed.increment();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * How many HMACs this verifier has computed since it was built: lets tests prove what a delivery cost without
     * measuring time.
     */
    long hmacsComputed() {
        return hmacsComputed.sum();
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

    private static Failure worse(Failure current, Failure candidate) {
        return candidate.ordinal() > current.ordinal() ? candidate : current;
    }
}
