package io.quocrmbridge.observe;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quocrmbridge.support.WebhookSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogMaskingTest {

    /** LogMasking is static: start from, and leave, the defaults whatever ran before in this JVM. */
    @BeforeEach
    @AfterEach
    void resetStaticState() {
        LogMasking.clearSecrets();
        LogMasking.setMaskPii(true);
    }

    // ---- secrets: always masked ----

    @Test
    void registeredSecretIsMaskedWhereverItAppears() {
        LogMasking.registerSecret("qk_live_8f2a9c1e7b");

        String masked = LogMasking.mask("GET /v1/contacts key=qk_live_8f2a9c1e7b;retry with(qk_live_8f2a9c1e7b)");

        assertThat(masked, equalTo("GET /v1/contacts key=***;retry with(***)"));
    }

    @Test
    void registeredSecretIsMaskedEvenWhenPiiMaskingIsOff() {
        LogMasking.setMaskPii(false);
        LogMasking.registerSecret("db-pass-Zq81x");

        assertThat(LogMasking.mask("connecting as bridge/db-pass-Zq81x"), equalTo("connecting as bridge/***"));
    }

    @Test
    void registeredSecretIsTrimmedBeforeBeingMatched() {
        LogMasking.registerSecret("  padded-secret-77  ");

        assertThat(LogMasking.mask("value padded-secret-77 end"), equalTo("value *** end"));
    }

    @Test
    void registeredWhsecSecretIsMaskedAlsoWithoutItsPrefix() {
        LogMasking.registerSecret(WebhookSigner.BETA_SECRET);
        String bare = WebhookSigner.BETA_SECRET.substring("whsec_".length());

        String masked = LogMasking.mask("decoded from " + bare);

        assertThat(masked, not(containsString(bare)));
        assertThat(masked, equalTo("decoded from ***"));
    }

    @Test
    void longerSecretContainingAShorterRegisteredOneIsMaskedWhole() {
        LogMasking.registerSecret("Winter2026");
        LogMasking.registerSecret("Winter2026SecurityTokenXyz");

        String masked = LogMasking.mask("login with Winter2026SecurityTokenXyz failed");

        assertThat(masked, not(containsString("SecurityTokenXyz")));
        assertThat(masked, equalTo("login with *** failed"));
    }

    @Test
    void valuesShorterThanSixCharactersAreNotRegisteredSoOrdinaryWordsSurvive() {
        LogMasking.registerSecret("admin");
        LogMasking.registerSecret(null);

        assertThat(LogMasking.mask("admin endpoint ready"), equalTo("admin endpoint ready"));
    }

    @Test
    void clearedSecretsAreNoLongerMasked() {
        LogMasking.registerSecret("temporary-secret");
        LogMasking.clearSecrets();

        assertThat(LogMasking.mask("temporary-secret"), equalTo("temporary-secret"));
    }

    @Test
    void whsecSecretIsMaskedWithoutBeingRegistered() {
        assertThat(LogMasking.mask("secrets=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,next"),
                equalTo("secrets=whsec_***,next"));
    }

    @Test
    void bearerTokenIsMasked() {
        assertThat(LogMasking.mask("Authorization: Bearer eyJhbGciOi.J9-x_y~z+/= sent"),
                equalTo("Authorization: Bearer *** sent"));
        assertThat(LogMasking.mask("authorization=bearer 00D5g000004!AQ8AQ"),
                equalTo("authorization=bearer ***"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token", "refresh_token", "client_secret", "clientSecret", "password", "passwd",
            "secret", "token", "apiKey", "api_key", "authorization", "Authorization", "assertion", "signature"})
    void jsonFieldNamedLikeASecretHasItsValueMasked(String field) {
        String json = "{\"id\":\"CT1\",\"" + field + "\" : \"Sup3r-S3cret.value\",\"type\":\"x\"}";

        assertThat(LogMasking.mask(json), equalTo("{\"id\":\"CT1\",\"" + field + "\" : \"***\",\"type\":\"x\"}"));
    }

    @Test
    void jsonSecretValueContainingAnEscapedQuoteIsMaskedWhole() {
        String json = "{\"password\":\"pa\\\"ss word\\\\\",\"username\":\"api-user\"}";

        String masked = LogMasking.mask(json);

        assertThat(masked, not(containsString("ss word")));
        assertThat(masked, equalTo("{\"password\":\"***\",\"username\":\"api-user\"}"));
    }

    @Test
    void oauthTokenResponseKeepsItsNonSecretFields() {
        LogMasking.setMaskPii(false);
        String response = "{\"access_token\":\"00D5g000004!AQ8AQ.abc\",\"instance_url\":\"https://acme.my.salesforce.com\","
                + "\"token_type\":\"Bearer\",\"issued_at\":\"1776081600000\",\"signature\":\"k2Jf+Q==\"}";

        assertThat(LogMasking.mask(response), equalTo("{\"access_token\":\"***\","
                + "\"instance_url\":\"https://acme.my.salesforce.com\",\"token_type\":\"Bearer\","
                + "\"issued_at\":\"1776081600000\",\"signature\":\"***\"}"));
    }

    @Test
    void keyValuePairsNamedLikeSecretsHaveTheirValuesMasked() {
        assertThat(LogMasking.mask("grant_type=password&password=hunter2xyz&username=jane"),
                equalTo("grant_type=password&password=***&username=jane"));
        assertThat(LogMasking.mask("api_key=abc123, api-key: def456; apiKey=ghi789"),
                equalTo("api_key=***, api-key: ***; apiKey=***"));
        assertThat(LogMasking.mask("client_secret=cs-1, refresh_token=rt-2, TOKEN = tk-3"),
                equalTo("client_secret=***, refresh_token=***, TOKEN = ***"));
    }

    @Test
    void quotedKeyValueSecretIsMaskedWhole() {
        assertThat(LogMasking.mask("password=\"hunter2 two\" user=jane"), equalTo("password=\"***\" user=jane"));
        assertThat(LogMasking.mask("token: 'abc def' next"), equalTo("token: '***' next"));
    }

    @Test
    void wordsThatOnlyMentionSecretsAreNotMasked() {
        String text = "refresh token expired, 3 tokens left, password reset requested";

        assertThat(LogMasking.mask(text), equalTo(text));
    }

    // ---- personal data: masked unless switched off ----

    @Test
    void emailAddressKeepsOnlyItsFirstCharacterAndDomain() {
        assertThat(LogMasking.mask("from jane.doe@acme-plumbing.example and ops+alerts@sub.acme.co.uk"),
                equalTo("from j***@acme-plumbing.example and o***@sub.acme.co.uk"));
    }

    @Test
    void e164NumberKeepsOnlyItsLastFourDigits() {
        String masked = LogMasking.mask("call from +15551234567 ended");

        assertThat(masked, not(containsString("555123")));
        assertThat(masked, equalTo("call from +*******4567 ended"));
    }

    @Test
    void internationalNumberWithSpacesIsMasked() {
        assertThat(LogMasking.mask("to +44 7700 900123."), equalTo("to +********0123."));
    }

    @Test
    void formattedNationalNumbersAreMasked() {
        assertThat(LogMasking.mask("(512) 555-0199"), equalTo("******0199"));
        assertThat(LogMasking.mask("512-555-0199"), equalTo("******0199"));
        assertThat(LogMasking.mask("512.555.0199"), equalTo("******0199"));
    }

    @Test
    void bareDigitRunsOfTenToFifteenDigitsAreMasked() {
        assertThat(LogMasking.mask("raw 5125550199 and 447700900123456"),
                equalTo("raw ******0199 and ***********3456"));
    }

    @Test
    void phoneNumbersInsideJsonAreMasked() {
        assertThat(LogMasking.mask("{\"phoneNumbers\":[{\"value\":\"+15125550147\"},{\"value\":\"(512) 555-0199\"}]}"),
                equalTo("{\"phoneNumbers\":[{\"value\":\"+*******0147\"},{\"value\":\"******0199\"}]}"));
    }

    @Test
    void phoneNumberFollowedByTimestampLeavesTheTimestampIntact() {
        assertThat(LogMasking.mask("contact +15551234567 2026-04-13T12:00:00.000Z"),
                equalTo("contact +*******4567 2026-04-13T12:00:00.000Z"));
        assertThat(LogMasking.mask("+15551234567 12 items"), equalTo("+*******4567 12 items"));
    }

    @Test
    void personalDataIsLeftReadableWhenPiiMaskingIsOff() {
        LogMasking.setMaskPii(false);
        String text = "jane.doe@acme-plumbing.example +15551234567 (512) 555-0199 password=hunter2xyz";

        assertThat(LogMasking.isMaskingPii(), is(false));
        assertThat(LogMasking.mask(text),
                equalTo("jane.doe@acme-plumbing.example +15551234567 (512) 555-0199 password=***"));
    }

    // ---- what is not personal data and must stay readable ----

    @ParameterizedTest
    @ValueSource(strings = {
        "at 2026-04-13T12:00:00.000Z updated",
        "createdAt=2026-04-13T12:00:00.120Z, local 2026-04-13 12:00:00",
        "event EVb3f0c2a1d4e54c6f8a9b0c1d2e3f4a5b contact CT7f3e2d1c0b9a8f7e6d5c4b3a2 user USu5AsEHuQ",
        "call AC1234567890abcdef on PN5551234567",
        "Salesforce ids 0035g00000ABCdEAAX 001000000000001AAA 0035g00000ABCdE",
        "inbox #12 accepted, 3 items, status 429, attempt 2 of 8",
        "delivery #1234567890 stored",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "PATCH /services/data/v62.0/sobjects/Contact/Quo_Contact_Id__c/CT7f3e2d1c0b9a8f7e6d5c4b3a2",
        "https://api.example.com/v1/events/1776081600000 and https://my.quo.com/contacts/CT7f3e2d1",
        "version 4.18.0 on 192.168.100.200:8080",
        "order 123456789 took 250 ms",
    })
    void identifiersTimestampsAndSmallNumbersAreNotMasked(String text) {
        assertThat(LogMasking.mask(text), equalTo(text));
    }

    @Test
    void nullAndEmptyTextAreReturnedAsTheyAre() {
        assertThat(LogMasking.mask(null), nullValue());
        assertThat(LogMasking.mask(""), is(emptyString()));
    }

    @Test
    void aMegabyteLineWithoutAddressesIsMaskedInLinearTimeNotHung() {
        // a traced message body: long runs of word characters, a few addresses at the end; a backtracking
        // expression took minutes on such lines and stalled every thread that logged
        StringBuilder line = new StringBuilder();
        while (line.length() < 1_000_000) {
            line.append("abcdefghij0123456789.");
        }
        line.append(" contact jane.doe@acme.example and a@b");
        String masked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> LogMasking.mask(line.toString()));
        assertThat(masked, containsString("j***@acme.example"));
        assertThat(masked, containsString("a@b"));
    }
}
