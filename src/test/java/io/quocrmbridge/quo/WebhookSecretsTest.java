package io.quocrmbridge.quo;

import static io.quocrmbridge.support.WebhookSigner.BETA_SECRET;
import static io.quocrmbridge.support.WebhookSigner.LEGACY_KEY;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    @Test
    void absentOrBlankConfigurationHoldsNoSecret() {
        for (String none : new String[] {null, "", "   ", " , ,, "}) {
            WebhookSecrets secrets = WebhookSecrets.parse(none);
            assertThat(secrets.isEmpty(), is(true));
            assertThat(secrets.size(), is(0));
        }
    }

    @Test
    void legacyKeyIsBase64DecodedToTheRawHmacKey() {
        WebhookSecrets secrets = WebhookSecrets.parse(LEGACY_KEY);

        assertThat(secrets.size(), is(1));
        assertThat(text(secrets.keys().get(0)), equalTo("legacy-signing-key-for-tests-0001"));
    }

    @Test
    void whsecPrefixIsStrippedBeforeBase64Decoding() {
        WebhookSecrets secrets = WebhookSecrets.parse(BETA_SECRET);

        assertThat(text(secrets.keys().get(0)), equalTo("beta-signing-secret-for-tests-02"));
    }

    @Test
    void blankEntriesAndSurroundingSpacesAreIgnoredAndOrderIsKept() {
        WebhookSecrets secrets = WebhookSecrets.parse(" " + LEGACY_KEY + " , ,," + BETA_SECRET + " ,");

        assertThat(secrets.size(), is(2));
        assertThat(text(secrets.keys().get(0)), equalTo("legacy-signing-key-for-tests-0001"));
        assertThat(text(secrets.keys().get(1)), equalTo("beta-signing-secret-for-tests-02"));
    }

    @Test
    void nonBase64SecretIsRejectedNamingItsPositionButNotItsValue() {
        String secretValue = "not*base64*secret-value";

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WebhookSecrets.parse(LEGACY_KEY + "," + secretValue));

        assertThat(refused.getMessage(), containsString("#2"));
        assertNoThrowableInChainMentions(refused, secretValue);
    }

    @Test
    void nonBase64WhsecSecretIsRejectedWithoutRevealingIt() {
        String secretValue = "whsec_this-is!not$base64";

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WebhookSecrets.parse(secretValue));

        assertThat(refused.getMessage(), containsString("#1"));
        assertNoThrowableInChainMentions(refused, "this-is!not$base64");
    }

    @Test
    void whsecPrefixWithNothingAfterItIsRejected() {
        // e.g. QUO_WEBHOOK_SECRETS=whsec_${UNSET}: an empty HMAC key can verify nothing
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WebhookSecrets.parse(LEGACY_KEY + ",whsec_"));

        assertThat(refused.getMessage(), containsString("#2"));
    }

    private static void assertNoThrowableInChainMentions(Throwable refused, String secret) {
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()), not(containsString(secret)));
            assertThat(t.toString(), not(containsString(secret)));
        }
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
