package io.quocrmbridge.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies the way Quo does, written from Quo's documentation (reference/quo/NOTES.md and seed 004)
 * with {@code javax.crypto} only, independently of the production verifier, so tests check the verifier against
 * vectors it did not compute itself.
 *
 * <ul>
 *   <li>legacy: {@code openphone-signature: hmac;1;<ms>;base64(HMAC-SHA256(b64decode(key), "<ms>." + body))}</li>
 *   <li>Standard Webhooks (beta): {@code webhook-signature: v1,base64(HMAC-SHA256(b64decode(secret without whsec_),
 *       "<id>.<seconds>." + body))} with {@code webhook-id} and {@code webhook-timestamp}</li>
 * </ul>
 */
public final class WebhookSigner {

    /** A legacy signing key as the Quo app shows it (base64). */
    public static final String LEGACY_KEY = Base64.getEncoder().encodeToString(
            "legacy-signing-key-for-tests-0001".getBytes(StandardCharsets.UTF_8));
    /** A beta secret as Quo's API returns it. */
    public static final String BETA_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "beta-signing-secret-for-tests-02".getBytes(StandardCharsets.UTF_8));

    private WebhookSigner() {
    }

    /** The raw HMAC key of a configured secret: base64-decoded, after the whsec_ prefix is stripped. */
    public static byte[] keyOf(String secret) {
        String base64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        return Base64.getDecoder().decode(base64);
    }

    public static String hmacBase64(byte[] key, String signedPrefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(signedPrefix.getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The legacy header value for a body signed at {@code timestampMillis}. */
    public static String legacySignature(String secret, long timestampMillis, byte[] body) {
        return "hmac;1;" + timestampMillis + ";" + hmacBase64(keyOf(secret), timestampMillis + ".", body);
    }

    /** Headers of a legacy delivery signed now. */
    public static Map<String, String> legacyHeaders(String secret, byte[] body) {
        return legacyHeaders(secret, System.currentTimeMillis(), body);
    }

    /** Headers of a legacy delivery signed at {@code timestamp} (milliseconds, or seconds to test that form). */
    public static Map<String, String> legacyHeaders(String secret, long timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("openphone-signature", legacySignature(secret, timestamp, body));
        return headers;
    }

    /** The v1 signature of a Standard Webhooks delivery. */
    public static String standardSignature(String secret, String webhookId, long timestampSeconds, byte[] body) {
        return "v1," + hmacBase64(keyOf(secret), webhookId + "." + timestampSeconds + ".", body);
    }

    /** Headers of a beta delivery signed now. */
    public static Map<String, String> standardHeaders(String secret, String webhookId, byte[] body) {
        return standardHeaders(secret, webhookId, System.currentTimeMillis() / 1000, body);
    }

    /** Headers of a beta delivery signed at {@code timestampSeconds}. */
    public static Map<String, String> standardHeaders(String secret, String webhookId, long timestampSeconds,
                                                      byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(timestampSeconds));
        headers.put("webhook-signature", standardSignature(secret, webhookId, timestampSeconds, body));
        return headers;
    }
}
