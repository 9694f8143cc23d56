package io.quocrmbridge.quo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The configured webhook signing secrets ({@code QUO_WEBHOOK_SECRETS}): comma-separated, each either a legacy
 * base64 signing key (from the Quo app) or a beta {@code whsec_} secret. Both are base64 and are decoded to the raw
 * HMAC key; every key is tried against every delivery, so secret rotation and several webhooks pointing at one
 * bridge just work.
 */
public final class WebhookSecrets {

    private static final String STANDARD_PREFIX = "whsec_";

    private final List<byte[]> keys;

    private WebhookSecrets(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Parses the configured value.
     *
     * @throws IllegalArgumentException naming the position (never the value) of a secret that is not base64
     */
    public static WebhookSecrets parse(String configured) {
        List<byte[]> keys = new ArrayList<>();
        if (configured == null) {
            return new WebhookSecrets(keys);
        }
        String[] parts = configured.split(",");
        for (int i = 0; i < parts.length; i++) {
            String secret = parts[i].trim();
            if (secret.isEmpty()) {
                continue;
            }
            if (secret.startsWith(STANDARD_PREFIX)) {
                secret = secret.substring(STANDARD_PREFIX.length());
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("QUO_WEBHOOK_SECRETS: secret #" + (i + 1)
                        + " is not base64 (legacy keys and whsec_ secrets are both base64)");
            }
            if (key.length == 0) {
                // "whsec_" alone: an empty HMAC key can't be used (SecretKeySpec refuses it on every delivery)
                throw new IllegalArgumentException("QUO_WEBHOOK_SECRETS: secret #" + (i + 1) + " is empty");
            }
            keys.add(key);
        }
        return new WebhookSecrets(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    List<byte[]> keys() {
        return keys;
    }
}
