package io.quocrmbridge.quo;

import static io.quocrmbridge.support.WebhookSigner.BETA_SECRET;
import static io.quocrmbridge.support.WebhookSigner.LEGACY_KEY;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.quocrmbridge.quo.WebhookSignatureVerifier.Failure;
import io.quocrmbridge.quo.WebhookSignatureVerifier.Result;
import io.quocrmbridge.support.WebhookSigner;
import org.junit.jupiter.api.Test;

/**
 * What refusing a forged delivery costs, counted in HMAC computations (the verifier's only expensive step: each one
 * reads the whole body), never in time. A delivery carrying hundreds of signature entries and a 1 MB body used to
 * cost an HMAC per entry and per secret, about a second of CPU before it was refused.
 */
class WebhookSignatureCostTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-13T12:00:00Z"), ZoneOffset.UTC);
    private static final long NOW_MS = CLOCK.millis();
    private static final long NOW_S = NOW_MS / 1000;
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String WEBHOOK_ID = "msg_2b3c4d5e6f";

    /** A body as large as the intake accepts by default: what makes each HMAC expensive. */
    private static final byte[] BODY = largeBody(1024 * 1024);

    private static final String OTHER_KEY = secret("another-signing-key-not-configured");
    private static final String THIRD_KEY = secret("a-third-signing-key-not-configured");
    private static final String OTHER_BETA_SECRET = "whsec_" + OTHER_KEY;
    private static final String THIRD_BETA_SECRET = "whsec_" + THIRD_KEY;

    /** Signatures that can never be an HMAC-SHA256: 3, 16, 31, 33 and 64 bytes, and an empty one. */
    private static final List<String> NOT_32_BYTES = List.of(
            base64(3), base64(16), base64(31), base64(33), base64(64), "");

    // ---- too many entries, too long a header ----

    @Test
    void thousandsOfStandardSignatureEntriesAreRefusedWithoutHashing() {
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        String valid = headers.get("webhook-signature");
        headers.put("webhook-signature", String.join(" ", Collections.nCopies(2000, valid)));
        WebhookSignatureVerifier verifier = verifier(BETA_SECRET);

        Result result = verifier.verify(lookup(headers), BODY);

        assertThat(result.failure(), is(Failure.MALFORMED));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    @Test
    void thousandsOfLegacySignatureEntriesAreRefusedWithoutHashing() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            entries.add("hmac;1;" + (NOW_MS - i) + ";" + base64(32, i));
        }
        entries.add(WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY));
        WebhookSignatureVerifier verifier = verifier(LEGACY_KEY);

        Result result = verifier.verify(lookup(Map.of("openphone-signature", String.join(",", entries))), BODY);

        assertThat(result.failure(), is(Failure.MALFORMED));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    @Test
    void oneEntryMoreThanTheLimitIsRefusedWithoutHashingEvenInAShortHeader() {
        String valid = standardHeaders(BETA_SECRET, NOW_S).get("webhook-signature");
        String header = String.join(" ",
                Collections.nCopies(WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES + 1, valid));
        assertThat(header.length(), lessThan(WebhookSignatureVerifier.MAX_SIGNATURE_HEADER_CHARS));
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        headers.put("webhook-signature", header);
        WebhookSignatureVerifier verifier = verifier(BETA_SECRET);

        assertThat(verifier.verify(lookup(headers), BODY).failure(), is(Failure.MALFORMED));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    @Test
    void legacyEntriesOneMoreThanTheLimitAreRefusedWithoutHashing() {
        String valid = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);
        String header = String.join(",",
                Collections.nCopies(WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES + 1, valid));
        assertThat(header.length(), lessThan(WebhookSignatureVerifier.MAX_SIGNATURE_HEADER_CHARS));
        WebhookSignatureVerifier verifier = verifier(LEGACY_KEY);

        assertThat(verifier.verify(lookup(Map.of("openphone-signature", header)), BODY).failure(),
                is(Failure.MALFORMED));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    @Test
    void asManyEntriesAsTheLimitAreStillReadAndTheValidOneAccepted() {
        List<String> entries = new ArrayList<>(Collections.nCopies(WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES - 1,
                WebhookSigner.standardSignature(OTHER_BETA_SECRET, WEBHOOK_ID, NOW_S, BODY)));
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        entries.add(headers.get("webhook-signature"));
        headers.put("webhook-signature", String.join(" ", entries));

        assertThat(verifier(BETA_SECRET).verify(lookup(headers), BODY).failure(), nullValue());
    }

    @Test
    void blankEntriesDoNotCountTowardsTheLimit() {
        String valid = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);
        String header = ",".repeat(3 * WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES) + valid + ", ,";

        assertThat(verifier(LEGACY_KEY).verify(lookup(Map.of("openphone-signature", header)), BODY).failure(),
                nullValue());
    }

    @Test
    void signatureHeaderLongerThanTheLimitIsRefusedWithoutHashing() {
        String oneHugeEntry = "v1," + base64(WebhookSignatureVerifier.MAX_SIGNATURE_HEADER_CHARS);
        Map<String, String> standard = standardHeaders(BETA_SECRET, NOW_S);
        standard.put("webhook-signature", oneHugeEntry);
        // a valid signature padded past the limit is refused too: the length is checked before anything else
        String paddedLegacy = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY)
                + " ".repeat(WebhookSignatureVerifier.MAX_SIGNATURE_HEADER_CHARS);
        WebhookSignatureVerifier verifier = verifier(LEGACY_KEY + "," + BETA_SECRET);

        assertThat(verifier.verify(lookup(standard), BODY).failure(), is(Failure.MALFORMED));
        assertThat(verifier.verify(lookup(Map.of("openphone-signature", paddedLegacy)), BODY).failure(),
                is(Failure.MALFORMED));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    // ---- entries that can never match ----

    @Test
    void standardEntriesThatAreNot32BytesAreNotHashedFor() {
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        List<String> entries = new ArrayList<>();
        NOT_32_BYTES.forEach(signature -> entries.add("v1," + signature));
        entries.add(headers.get("webhook-signature"));
        headers.put("webhook-signature", String.join(" ", entries));
        WebhookSignatureVerifier verifier = verifier(OTHER_BETA_SECRET + "," + BETA_SECRET);

        assertThat(verifier.verify(lookup(headers), BODY).failure(), nullValue());
        assertThat(verifier.hmacsComputed(), equalTo(2L));
    }

    @Test
    void legacyEntriesThatAreNot32BytesAreNotHashedFor() {
        List<String> entries = new ArrayList<>();
        NOT_32_BYTES.stream().filter(signature -> !signature.isEmpty())
                .forEach(signature -> entries.add("hmac;1;" + NOW_MS + ";" + signature));
        entries.add(WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY));
        WebhookSignatureVerifier verifier = verifier(OTHER_KEY + "," + LEGACY_KEY);

        Result result = verifier.verify(lookup(Map.of("openphone-signature", String.join(",", entries))), BODY);

        assertThat(result.failure(), nullValue());
        assertThat(verifier.hmacsComputed(), equalTo(2L));
    }

    @Test
    void onlyEntriesThatAreNot32BytesAreAMismatchWithoutHashing() {
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        headers.put("webhook-signature", "v1," + base64(16) + " v1," + base64(64));
        String legacy = "hmac;1;" + NOW_MS + ";" + base64(16) + ",hmac;1;" + NOW_MS + ";" + base64(20);
        WebhookSignatureVerifier verifier = verifier(LEGACY_KEY + "," + BETA_SECRET);

        assertThat(verifier.verify(lookup(headers), BODY).failure(), is(Failure.MISMATCH));
        assertThat(verifier.verify(lookup(Map.of("openphone-signature", legacy)), BODY).failure(),
                is(Failure.MISMATCH));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    // ---- stale timestamps ----

    @Test
    void staleStandardTimestampCostsNoHmac() {
        WebhookSignatureVerifier verifier = verifier(OTHER_BETA_SECRET + "," + BETA_SECRET);

        Result result = verifier.verify(lookup(standardHeaders(BETA_SECRET, NOW_S - 3600)), BODY);

        assertThat(result.failure(), is(Failure.STALE));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    @Test
    void staleLegacyTimestampsCostNoHmac() {
        String header = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS - 3_600_000, BODY) + ","
                + WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS + 3_600_000, BODY);
        WebhookSignatureVerifier verifier = verifier(OTHER_KEY + "," + LEGACY_KEY);

        Result result = verifier.verify(lookup(Map.of("openphone-signature", header)), BODY);

        assertThat(result.failure(), is(Failure.STALE));
        assertThat(verifier.hmacsComputed(), equalTo(0L));
    }

    // ---- several entries, several secrets ----

    @Test
    void severalStandardEntriesAndSecretsCostOneHmacPerSecret() {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES; i++) {
            wrong.add("v1," + base64(32, i));
        }
        Map<String, String> headers = standardHeaders(BETA_SECRET, NOW_S);
        headers.put("webhook-signature", String.join(" ", wrong));
        WebhookSignatureVerifier verifier = verifier(OTHER_BETA_SECRET + "," + THIRD_BETA_SECRET + "," + BETA_SECRET);

        assertThat(verifier.verify(lookup(headers), BODY).failure(), is(Failure.MISMATCH));
        assertThat(verifier.hmacsComputed(), equalTo(3L));
    }

    @Test
    void severalLegacyEntriesWithOneTimestampCostOneHmacPerSecret() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < WebhookSignatureVerifier.MAX_SIGNATURE_ENTRIES - 1; i++) {
            entries.add("hmac;1;" + NOW_MS + ";" + base64(32, i));
        }
        entries.add(WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY));
        WebhookSignatureVerifier verifier = verifier(OTHER_KEY + "," + THIRD_KEY + "," + LEGACY_KEY);

        Result result = verifier.verify(lookup(Map.of("openphone-signature", String.join(",", entries))), BODY);

        assertThat(result.failure(), nullValue());
        assertThat(verifier.hmacsComputed(), equalTo(3L));
    }

    @Test
    void legacyEntriesWithDistinctTimestampsCostOneHmacPerSecretAndTimestamp() {
        // the timestamp is part of the signed content, so two of them are two contents to hash, and no more
        String header = WebhookSigner.legacySignature(OTHER_KEY, NOW_MS - 1000, BODY) + ","
                + WebhookSigner.legacySignature(THIRD_KEY, NOW_MS - 1000, BODY) + ","
                + WebhookSigner.legacySignature(OTHER_KEY, NOW_MS, BODY) + ","
                + WebhookSigner.legacySignature(THIRD_KEY, NOW_MS, BODY);
        WebhookSignatureVerifier verifier = verifier(LEGACY_KEY + "," + BETA_SECRET);

        Result result = verifier.verify(lookup(Map.of("openphone-signature", header)), BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
        assertThat(verifier.hmacsComputed(), equalTo(4L));
    }

    @Test
    void aGenuineDeliveryIsCountedOnceForEachSecretTried() {
        // the counter does count: a genuine delivery costs one HMAC for each configured secret, all of them tried
        WebhookSignatureVerifier verifier = verifier(OTHER_BETA_SECRET + "," + BETA_SECRET + "," + LEGACY_KEY);

        assertThat(verifier.verify(lookup(standardHeaders(BETA_SECRET, NOW_S)), BODY).failure(), nullValue());
        assertThat(verifier.hmacsComputed(), equalTo(3L));
        assertThat(verifier.verify(lookup(WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY)), BODY).failure(),
                nullValue());
        assertThat(verifier.hmacsComputed(), equalTo(6L));
    }

    // ---- helpers ----

    private static WebhookSignatureVerifier verifier(String configuredSecrets) {
        return new WebhookSignatureVerifier(WebhookSecrets.parse(configuredSecrets), WINDOW, CLOCK);
    }

    private static Map<String, String> standardHeaders(String secret, long timestampSeconds) {
        return new TreeMap<>(WebhookSigner.standardHeaders(secret, WEBHOOK_ID, timestampSeconds, BODY));
    }

    /** Case-insensitive header lookup, as Camel's message headers are. */
    private static Function<String, String> lookup(Map<String, String> headers) {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return lookup::get;
    }

    private static String secret(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(int bytes) {
        return base64(bytes, 0);
    }

    /** base64 of {@code bytes} bytes, all {@code fill}: well-formed, and no HMAC of anything here. */
    private static String base64(int bytes, int fill) {
        byte[] value = new byte[bytes];
        Arrays.fill(value, (byte) fill);
        return Base64.getEncoder().encodeToString(value);
    }

    private static byte[] largeBody(int size) {
        String start = "{\"id\":\"EVcost0001\",\"type\":\"contact.updated\",\"data\":{\"padding\":\"";
        String end = "\"}}";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = start.getBytes(StandardCharsets.UTF_8);
        byte[] tail = end.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, size - tail.length, tail.length);
        return body;
    }
}
