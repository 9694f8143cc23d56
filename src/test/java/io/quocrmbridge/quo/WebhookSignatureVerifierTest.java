package io.quocrmbridge.quo;

import static io.quocrmbridge.support.WebhookSigner.BETA_SECRET;
import static io.quocrmbridge.support.WebhookSigner.LEGACY_KEY;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.quocrmbridge.quo.WebhookSignatureVerifier.Failure;
import io.quocrmbridge.quo.WebhookSignatureVerifier.Result;
import io.quocrmbridge.quo.WebhookSignatureVerifier.Scheme;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.WebhookSigner;
import org.junit.jupiter.api.Test;

/**
 * The verifier against signatures it did not compute: {@link WebhookSigner} (javax.crypto, written from Quo's
 * documentation) for most cases, and fixed known-answer vectors computed outside Java for the signed-content format.
 * The clock is fixed, so nothing depends on when the tests run.
 */
class WebhookSignatureVerifierTest {

    /** 2026-04-13T12:00:00Z: 1776081600 s, 1776081600000 ms. */
    private static final Instant NOW = Instant.parse("2026-04-13T12:00:00Z");
    private static final long NOW_MS = 1_776_081_600_000L;
    private static final long NOW_S = 1_776_081_600L;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static final byte[] BODY = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
    private static final String WEBHOOK_ID = "msg_2b3c4d5e6f";
    /** A well-formed key that is not the one deliveries are signed with. */
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(
            "another-signing-key-not-configured".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_BETA_SECRET = "whsec_" + OTHER_KEY;

    // ---- known-answer vectors, computed outside Java ----

    /** The body all the fixed vectors below sign. */
    private static final String KAT_BODY = "{\"id\":\"EVkat0001\",\"type\":\"contact.updated\"}";
    /** base64 of the bytes "known-answer-legacy-key". */
    private static final String KAT_LEGACY_KEY = "a25vd24tYW5zd2VyLWxlZ2FjeS1rZXk=";
    /** "whsec_" + base64 of the bytes "known-answer-standard-secret". */
    private static final String KAT_BETA_SECRET = "whsec_a25vd24tYW5zd2VyLXN0YW5kYXJkLXNlY3JldA==";

    @Test
    void legacyKnownAnswerVectorComputedOutsideJavaIsAccepted() {
        // computed with (one line each):
        // $ python3 -c 'import hmac,hashlib,base64; k=base64.b64decode("a25vd24tYW5zd2VyLWxlZ2FjeS1rZXk="); print(base64.b64encode(hmac.new(k,b"1776081600000.{\"id\":\"EVkat0001\",\"type\":\"contact.updated\"}",hashlib.sha256).digest()).decode())'
        // $ printf '%s' '1776081600000.{"id":"EVkat0001","type":"contact.updated"}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf 'known-answer-legacy-key' | xxd -p) -binary | base64
        String header = "hmac;1;1776081600000;/448uSNt5n9PW2Lj731wznFHxbVVx4cs+fxMj6fukdA=";

        Result result = verifier(KAT_LEGACY_KEY).verify(headers(Map.of("openphone-signature", header)),
                KAT_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(result.failure(), nullValue());
        assertThat(result.scheme(), is(Scheme.LEGACY));
        // the shared test signer agrees with the outside computation too
        assertThat(WebhookSigner.legacySignature(KAT_LEGACY_KEY, NOW_MS, KAT_BODY.getBytes(StandardCharsets.UTF_8)),
                equalTo(header));
    }

    @Test
    void legacyKnownAnswerVectorWithSecondsTimestampIsAccepted() {
        // computed with:
        // $ python3 -c 'import hmac,hashlib,base64; k=base64.b64decode("a25vd24tYW5zd2VyLWxlZ2FjeS1rZXk="); print(base64.b64encode(hmac.new(k,b"1776081600.{\"id\":\"EVkat0001\",\"type\":\"contact.updated\"}",hashlib.sha256).digest()).decode())'
        String header = "hmac;1;1776081600;yMC5sydCZf5bGzHSPQbFJHkk6aw4MwMSwCzmffMqA/Q=";

        Result result = verifier(KAT_LEGACY_KEY).verify(headers(Map.of("openphone-signature", header)),
                KAT_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(result.failure(), nullValue());
    }

    @Test
    void standardKnownAnswerVectorComputedOutsideJavaIsAccepted() {
        // computed with (one line each):
        // $ python3 -c 'import hmac,hashlib,base64; k=base64.b64decode("a25vd24tYW5zd2VyLXN0YW5kYXJkLXNlY3JldA=="); print(base64.b64encode(hmac.new(k,b"msg_kat0001.1776081600.{\"id\":\"EVkat0001\",\"type\":\"contact.updated\"}",hashlib.sha256).digest()).decode())'
        // $ printf '%s' 'msg_kat0001.1776081600.{"id":"EVkat0001","type":"contact.updated"}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf 'known-answer-standard-secret' | xxd -p) -binary | base64
        String signature = "v1,7j8/Pzm9PzdZeq8BRzSLMqCveDqpPhWQh4hPs7Qrj2M=";

        Result result = verifier(KAT_BETA_SECRET).verify(headers(Map.of(
                "webhook-id", "msg_kat0001",
                "webhook-timestamp", "1776081600",
                "webhook-signature", signature)), KAT_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(result.failure(), nullValue());
        assertThat(result.scheme(), is(Scheme.STANDARD));
        assertThat(WebhookSigner.standardSignature(KAT_BETA_SECRET, "msg_kat0001", NOW_S,
                KAT_BODY.getBytes(StandardCharsets.UTF_8)), equalTo(signature));
    }

    @Test
    void standardWebhooksSpecificationExampleIsAccepted() {
        // the example of the Standard Webhooks specification (standardwebhooks.com), recomputed with:
        // $ python3 -c 'import hmac,hashlib,base64; k=base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); print(base64.b64encode(hmac.new(k,b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}",hashlib.sha256).digest()).decode())'
        Clock then = Clock.fixed(Instant.ofEpochSecond(1_614_265_330L), ZoneOffset.UTC);
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(
                WebhookSecrets.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), WINDOW, then);

        Result result = verifier.verify(headers(Map.of(
                "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")),
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(result.failure(), nullValue());
    }

    // ---- valid deliveries ----

    @Test
    void legacyDeliverySignedWithTheConfiguredKeyIsAccepted() {
        Result result = verify(LEGACY_KEY, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY), BODY);

        assertThat(result.valid(), is(true));
        assertThat(result.scheme(), is(Scheme.LEGACY));
    }

    @Test
    void standardDeliverySignedWithTheConfiguredSecretIsAccepted() {
        Result result = verify(BETA_SECRET, WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY), BODY);

        assertThat(result.valid(), is(true));
        assertThat(result.scheme(), is(Scheme.STANDARD));
    }

    @Test
    void legacyTimestampInSecondsIsAcceptedAsSeconds() {
        // read as milliseconds it would be January 1970 and refused as stale
        Result result = verify(LEGACY_KEY, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_S, BODY), BODY);

        assertThat(result.failure(), nullValue());
    }

    @Test
    void legacyTimestampInSecondsOutsideTheWindowIsRefusedAsStale() {
        Result result = verify(LEGACY_KEY, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_S - 301, BODY), BODY);

        assertThat(result.failure(), is(Failure.STALE));
    }

    // ---- wrong key, tampered content ----

    @Test
    void legacyDeliverySignedWithAnotherKeyIsRefusedAsMismatch() {
        Result result = verify(LEGACY_KEY, WebhookSigner.legacyHeaders(OTHER_KEY, NOW_MS, BODY), BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
        assertThat(result.scheme(), is(Scheme.LEGACY));
    }

    @Test
    void standardDeliverySignedWithAnotherSecretIsRefusedAsMismatch() {
        Result result = verify(BETA_SECRET,
                WebhookSigner.standardHeaders(OTHER_BETA_SECRET, WEBHOOK_ID, NOW_S, BODY), BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
        assertThat(result.scheme(), is(Scheme.STANDARD));
    }

    @Test
    void legacyBodyWithOneByteChangedIsRefusedAsMismatch() {
        Map<String, String> headers = WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY);

        Result result = verify(LEGACY_KEY, headers, oneByteChanged(BODY));

        assertThat(result.failure(), is(Failure.MISMATCH));
    }

    @Test
    void standardBodyWithOneByteChangedIsRefusedAsMismatch() {
        Map<String, String> headers = WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY);

        Result result = verify(BETA_SECRET, headers, oneByteChanged(BODY));

        assertThat(result.failure(), is(Failure.MISMATCH));
    }

    @Test
    void legacyTimestampChangedAfterSigningIsRefusedAsMismatch() {
        String signed = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);
        String moved = signed.replace(";" + NOW_MS + ";", ";" + (NOW_MS + 1) + ";");

        Result result = verify(LEGACY_KEY, Map.of("openphone-signature", moved), BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
    }

    @Test
    void standardWebhookIdIsPartOfTheSignedContent() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-id", "msg_someotherdelivery");

        Result result = verify(BETA_SECRET, headers, BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
    }

    @Test
    void standardTimestampIsPartOfTheSignedContent() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-timestamp", Long.toString(NOW_S + 1));

        Result result = verify(BETA_SECRET, headers, BODY);

        assertThat(result.failure(), is(Failure.MISMATCH));
    }

    // ---- the time window ----

    @Test
    void legacySignatureOlderThanFiveMinutesIsRefusedAsStale() {
        Result result = verify(LEGACY_KEY,
                WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS - Duration.ofMinutes(5).toMillis() - 1, BODY), BODY);

        assertThat(result.failure(), is(Failure.STALE));
    }

    @Test
    void legacySignatureMoreThanFiveMinutesInTheFutureIsRefusedAsStale() {
        Result result = verify(LEGACY_KEY,
                WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS + Duration.ofMinutes(5).toMillis() + 1, BODY), BODY);

        assertThat(result.failure(), is(Failure.STALE));
    }

    @Test
    void legacySignatureJustInsideTheWindowIsAcceptedOnBothSides() {
        long justInside = Duration.ofMinutes(5).toMillis() - 1;

        assertThat(verify(LEGACY_KEY, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS - justInside, BODY), BODY)
                .failure(), nullValue());
        assertThat(verify(LEGACY_KEY, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS + justInside, BODY), BODY)
                .failure(), nullValue());
    }

    @Test
    void standardSignatureOlderThanFiveMinutesIsRefusedAsStale() {
        Result result = verify(BETA_SECRET,
                WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S - 301, BODY), BODY);

        assertThat(result.failure(), is(Failure.STALE));
    }

    @Test
    void standardSignatureMoreThanFiveMinutesInTheFutureIsRefusedAsStale() {
        Result result = verify(BETA_SECRET,
                WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S + 301, BODY), BODY);

        assertThat(result.failure(), is(Failure.STALE));
    }

    @Test
    void standardSignatureJustInsideTheWindowIsAcceptedOnBothSides() {
        assertThat(verify(BETA_SECRET, WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S - 299, BODY), BODY)
                .failure(), nullValue());
        assertThat(verify(BETA_SECRET, WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S + 299, BODY), BODY)
                .failure(), nullValue());
    }

    @Test
    void standardTimestampInMillisecondsIsRefusedAsStale() {
        // Standard Webhooks timestamps are seconds: a correctly signed millisecond value reads as far in the future
        Map<String, String> headers = new TreeMap<>();
        headers.put("webhook-id", WEBHOOK_ID);
        headers.put("webhook-timestamp", Long.toString(NOW_MS));
        headers.put("webhook-signature", "v1," + WebhookSigner.hmacBase64(WebhookSigner.keyOf(BETA_SECRET),
                WEBHOOK_ID + "." + NOW_MS + ".", BODY));

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.STALE));
    }

    @Test
    void windowFollowsTheConfiguredTolerance() {
        Map<String, String> twoMinutesOld = WebhookSigner.legacyHeaders(LEGACY_KEY,
                NOW_MS - Duration.ofMinutes(2).toMillis(), BODY);
        WebhookSignatureVerifier oneMinute = new WebhookSignatureVerifier(WebhookSecrets.parse(LEGACY_KEY),
                Duration.ofMinutes(1), CLOCK);

        assertThat(oneMinute.verify(headers(twoMinutesOld), BODY).failure(), is(Failure.STALE));
        assertThat(verify(LEGACY_KEY, twoMinutesOld, BODY).failure(), nullValue());
    }

    // ---- several secrets, several signatures ----

    @Test
    void legacyDeliveryMatchingTheSecondConfiguredSecretIsAccepted() {
        Result result = verify(OTHER_KEY + "," + LEGACY_KEY,
                WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY), BODY);

        assertThat(result.failure(), nullValue());
    }

    @Test
    void standardDeliveryMatchingTheSecondConfiguredSecretIsAccepted() {
        Result result = verify(OTHER_BETA_SECRET + "," + BETA_SECRET,
                WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY), BODY);

        assertThat(result.failure(), nullValue());
    }

    @Test
    void legacyAndBetaSecretsConfiguredTogetherEachVerifyTheirScheme() {
        String both = LEGACY_KEY + "," + BETA_SECRET;

        assertThat(verify(both, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY), BODY).failure(), nullValue());
        assertThat(verify(both, WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY), BODY).failure(),
                nullValue());
    }

    @Test
    void legacyHeaderWithOneValidSignatureAmongInvalidOnesIsAccepted() {
        String wrongKey = WebhookSigner.legacySignature(OTHER_KEY, NOW_MS, BODY);
        String stale = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS - Duration.ofHours(1).toMillis(), BODY);
        String valid = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);
        String header = wrongKey + ",hmac;1;garbage;!!!," + stale + ", " + valid;

        Result result = verify(LEGACY_KEY, Map.of("openphone-signature", header), BODY);

        assertThat(result.failure(), nullValue());
    }

    @Test
    void legacyHeaderWithOnlyInvalidSignaturesIsRefusedAsMismatch() {
        String header = WebhookSigner.legacySignature(OTHER_KEY, NOW_MS, BODY) + ","
                + WebhookSigner.legacySignature(OTHER_KEY, NOW_MS - 1000, BODY);

        assertThat(verify(LEGACY_KEY, Map.of("openphone-signature", header), BODY).failure(), is(Failure.MISMATCH));
    }

    @Test
    void standardHeaderWithOneValidSignatureAmongInvalidOnesIsAccepted() {
        Map<String, String> headers = validStandardHeaders();
        String wrongKey = WebhookSigner.standardSignature(OTHER_BETA_SECRET, WEBHOOK_ID, NOW_S, BODY);
        headers.put("webhook-signature", wrongKey + " v1a,bm90LWFuLWVkMjU1MTktc2ln v1,!!! "
                + headers.get("webhook-signature"));

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), nullValue());
    }

    @Test
    void standardHeaderWithOnlyInvalidSignaturesIsRefusedAsMismatch() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-signature", WebhookSigner.standardSignature(OTHER_BETA_SECRET, WEBHOOK_ID, NOW_S, BODY)
                + " " + WebhookSigner.standardSignature(OTHER_KEY, WEBHOOK_ID, NOW_S, BODY));

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MISMATCH));
    }

    // ---- malformed and missing headers ----

    @Test
    void legacyHeaderWithWrongPrefixIsRefusedAsMalformed() {
        String valid = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);

        assertThat(legacyFailure(valid.replaceFirst("^hmac;", "sha256;")), is(Failure.MALFORMED));
    }

    @Test
    void legacyHeaderWithUnknownVersionIsRefusedAsMalformed() {
        String valid = WebhookSigner.legacySignature(LEGACY_KEY, NOW_MS, BODY);

        assertThat(legacyFailure(valid.replaceFirst("^hmac;1;", "hmac;2;")), is(Failure.MALFORMED));
    }

    @Test
    void legacyHeaderWithMissingFieldsIsRefusedAsMalformed() {
        String digest = WebhookSigner.hmacBase64(WebhookSigner.keyOf(LEGACY_KEY), NOW_MS + ".", BODY);

        assertThat(legacyFailure("hmac;1;" + digest), is(Failure.MALFORMED));
        assertThat(legacyFailure("hmac;" + NOW_MS + ";" + digest), is(Failure.MALFORMED));
        assertThat(legacyFailure("hmac;1;" + NOW_MS + ";"), is(Failure.MALFORMED));
        assertThat(legacyFailure(""), is(Failure.MALFORMED));
    }

    @Test
    void legacyHeaderWithNonNumericTimestampIsRefusedAsMalformed() {
        String digest = WebhookSigner.hmacBase64(WebhookSigner.keyOf(LEGACY_KEY), "2026-04-13T12:00:00Z.", BODY);

        assertThat(legacyFailure("hmac;1;2026-04-13T12:00:00Z;" + digest), is(Failure.MALFORMED));
        assertThat(legacyFailure("hmac;1;-1776081600000;" + digest), is(Failure.MALFORMED));
    }

    @Test
    void legacyHeaderWithNonBase64SignatureIsRefusedAsMalformed() {
        assertThat(legacyFailure("hmac;1;" + NOW_MS + ";not*base64!"), is(Failure.MALFORMED));
    }

    @Test
    void standardSignatureWithUnknownVersionIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        // the right digest, but only v1 (HMAC-SHA256) is a scheme this verifier knows
        headers.put("webhook-signature", headers.get("webhook-signature").replaceFirst("^v1,", "v2,"));

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void standardSignatureWithoutVersionPrefixIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-signature", headers.get("webhook-signature").substring("v1,".length()));

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void standardSignatureThatIsNotBase64IsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-signature", "v1,not*base64!");

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void standardDeliveryWithoutWebhookIdIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.remove("webhook-id");

        Result result = verify(BETA_SECRET, headers, BODY);

        assertThat(result.failure(), is(Failure.MALFORMED));
        assertThat(result.scheme(), is(Scheme.STANDARD));
    }

    @Test
    void standardDeliveryWithBlankWebhookIdIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-id", "  ");

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void standardDeliveryWithoutWebhookTimestampIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.remove("webhook-timestamp");

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void standardDeliveryWithNonNumericWebhookTimestampIsRefusedAsMalformed() {
        Map<String, String> headers = validStandardHeaders();
        headers.put("webhook-timestamp", "2026-04-13T12:00:00Z");

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MALFORMED));
    }

    @Test
    void deliveryWithoutAnySignatureHeaderIsRefusedAsMissing() {
        Result result = verify(LEGACY_KEY + "," + BETA_SECRET, Map.of("content-type", "application/json"), BODY);

        assertThat(result.failure(), is(Failure.MISSING));
        assertThat(result.scheme(), nullValue());
    }

    @Test
    void standardDeliveryWithIdAndTimestampButNoSignatureIsRefusedAsMissing() {
        Map<String, String> headers = validStandardHeaders();
        headers.remove("webhook-signature");

        assertThat(verify(BETA_SECRET, headers, BODY).failure(), is(Failure.MISSING));
    }

    // ---- no secret configured ----

    @Test
    void withNoSecretConfiguredEveryDeliveryIsRefused() {
        for (String none : new String[] {null, "", " , "}) {
            assertThat(verify(none, WebhookSigner.legacyHeaders(LEGACY_KEY, NOW_MS, BODY), BODY).failure(),
                    is(Failure.NO_SECRET));
            assertThat(verify(none, WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY), BODY)
                    .failure(), is(Failure.NO_SECRET));
            assertThat(verify(none, Map.of(), BODY).failure(), is(Failure.NO_SECRET));
        }
    }

    // ---- helpers ----

    private static WebhookSignatureVerifier verifier(String configuredSecrets) {
        return new WebhookSignatureVerifier(WebhookSecrets.parse(configuredSecrets), WINDOW, CLOCK);
    }

    private static Result verify(String configuredSecrets, Map<String, String> headers, byte[] body) {
        return verifier(configuredSecrets).verify(headers(headers), body);
    }

    /** The headers of a valid beta delivery of {@link #BODY}, as a map a test may edit. */
    private static Map<String, String> validStandardHeaders() {
        return new TreeMap<>(WebhookSigner.standardHeaders(BETA_SECRET, WEBHOOK_ID, NOW_S, BODY));
    }

    private static Failure legacyFailure(String header) {
        return verify(LEGACY_KEY, Map.of("openphone-signature", header), BODY).failure();
    }

    /** Case-insensitive header lookup, as Camel's message headers are. */
    private static java.util.function.Function<String, String> headers(Map<String, String> headers) {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return lookup::get;
    }

    private static byte[] oneByteChanged(byte[] body) {
        byte[] copy = body.clone();
        int middle = copy.length / 2;
        copy[middle] = (byte) (copy[middle] ^ 0x01);
        return copy;
    }
}
