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

    // ---- control characters: always escaped, so a value can't start a new log line ----

    @Test
    void crAndLfInALoggedValueAreEscapedOntoOneLine() {
        LogMasking.setMaskPii(false);

        String line = LogMasking.maskLine("contact Jane\r\n2026-04-13 12:00:00.000 INFO  FAKE LINE\nnext\rend");

        assertThat(line, equalTo("contact Jane\\r\\n2026-04-13 12:00:00.000 INFO  FAKE LINE\\nnext\\rend"));
        assertThat(line, not(containsString("\n")));
        assertThat(line, not(containsString("\r")));
    }

    @Test
    void otherControlCharactersAreEscapedAsUnicodeAndTabIsKept() {
        String line = LogMasking.maskLine("a\u0000b\u0007c\u001B[31md\u007Fe\u0085f\u009Fg\u2028h\u2029i\tj\u000Bk\u000Cl");

        assertThat(line, equalTo("a\\u0000b\\u0007c\\u001B[31md\\u007Fe\\u0085f\\u009Fg\\u2028h\\u2029i\tj\\u000Bk\\u000Cl"));
    }

    @Test
    void aLineWithoutControlCharactersIsReturnedAsItIs() {
        String text = "webhook contact.updated accepted and stored (webhook-beta, inbox #1)\tné 🙂 \\n";

        assertThat(LogMasking.escapeControl(text), org.hamcrest.Matchers.sameInstance(text));
        assertThat(LogMasking.escapeControl(null), nullValue());
    }

    @Test
    void escapingComesBeforeMaskingSoAnInjectedLineCannotCarryPersonalData() {
        String line = LogMasking.maskLine("Contact[firstName=Jane\r\nFAKE LINE jane@x.example, lastName=Doe]");

        assertThat(line, equalTo("Contact[firstName=J***, lastName=D***]"));
    }

    @Test
    void maskingAnAlreadyMaskedLineChangesNothing() {
        // Camel's log mask masks its lines, then %maskedMsg masks them again as they are written
        String text = "{\"firstName\":\"Jane\r\nX\",\"summary\":[\"a\",\"\"],\"email\":\"jane@acme.example\","
                + "\"phone\":\"ext 12\",\"text\":\"***\"} Contact[name=Jane Doe, title=\"Mr\", notes=[a, b], id=CT1]"
                + " password=hunter2xyz +15551234567";
        String once = LogMasking.maskLine(text);

        assertThat(LogMasking.maskLine(once), equalTo(once));
    }

    // ---- names and free text: masked unless switched off ----

    private static final String CANONICAL_CONTACT = "{\"eventId\":\"EVb3f0c2a1\",\"kind\":\"contact.upsert\","
            + "\"occurredAt\":\"2026-04-13T12:00:00.120Z\",\"contact\":{\"quoId\":\"CT7f3e2d1c\",\"externalId\":null,"
            + "\"recordKey\":\"CT7f3e2d1c\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"company\":\"Acme Plumbing\","
            + "\"role\":\"Operations Manager\",\"location\":\"Austin, TX\",\"emails\":[{\"label\":null,"
            + "\"value\":\"jane.doe@acme-plumbing.example\"}],\"phones\":[{\"label\":\"mobile\",\"value\":\"+15125550147\","
            + "\"valid\":true}],\"source\":\"public-api\",\"deepLink\":\"https://my.quo.com/contacts/CT7f3e2d1c\","
            + "\"updatedAt\":\"2026-04-13T12:00:00.000Z\",\"version\":{\"revision\":3,\"hash\":\"9f2c\"}}}";

    @Test
    void namesInACanonicalContactAreMaskedAndItsStructureIdsAndTimesStayReadable() {
        assertThat(LogMasking.mask(CANONICAL_CONTACT), equalTo("{\"eventId\":\"EVb3f0c2a1\",\"kind\":\"contact.upsert\","
                + "\"occurredAt\":\"2026-04-13T12:00:00.120Z\",\"contact\":{\"quoId\":\"CT7f3e2d1c\",\"externalId\":null,"
                + "\"recordKey\":\"CT7f3e2d1c\",\"firstName\":\"J***\",\"lastName\":\"D***\",\"company\":\"A***\","
                + "\"role\":\"O***\",\"location\":\"A***\",\"emails\":[{\"label\":null,"
                + "\"value\":\"j***@acme-plumbing.example\"}],\"phones\":[{\"label\":\"mobile\",\"value\":\"+*******0147\","
                + "\"valid\":true}],\"source\":\"public-api\",\"deepLink\":\"https://my.quo.com/contacts/CT7f3e2d1c\","
                + "\"updatedAt\":\"2026-04-13T12:00:00.000Z\",\"version\":{\"revision\":3,\"hash\":\"9f2c\"}}}"));
    }

    @Test
    void namesAndFreeTextAreShownWhenPiiMaskingIsOff() {
        LogMasking.setMaskPii(false);
        String call = "{\"summary\":[\"Caller wants maintenance\"],\"text\":\"Hi Jane\",\"name\":\"Priya Shah\"}";

        assertThat(LogMasking.mask(CANONICAL_CONTACT), equalTo(CANONICAL_CONTACT));
        assertThat(LogMasking.mask(call), equalTo(call));
        assertThat(LogMasking.mask("Contact[firstName=Jane, lastName=Doe]"), equalTo("Contact[firstName=Jane, lastName=Doe]"));
    }

    @Test
    void aDryRunSalesforceRequestShowsItsPathAndFieldNamesButNotThePerson() {
        String line = "dry-run would send: {\"target\":\"dry-run\",\"at\":\"2026-04-13T12:00:01Z\",\"method\":\"PATCH\","
                + "\"path\":\"/services/data/v61.0/sobjects/Contact/Quo_Contact_Id__c/CT7f3e2d1c\",\"body\":{"
                + "\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"jane.doe@acme-plumbing.example\","
                + "\"Phone\":\"+15125550147\",\"Title\":\"Operations Manager\"},\"recordKeys\":[\"CT7f3e2d1c\"],"
                + "\"eventIds\":[\"EVb3f0c2a1\"]}";

        assertThat(LogMasking.maskLine(line), equalTo("dry-run would send: {\"target\":\"dry-run\","
                + "\"at\":\"2026-04-13T12:00:01Z\",\"method\":\"PATCH\","
                + "\"path\":\"/services/data/v61.0/sobjects/Contact/Quo_Contact_Id__c/CT7f3e2d1c\",\"body\":{"
                + "\"FirstName\":\"J***\",\"LastName\":\"D***\",\"Email\":\"j***@acme-plumbing.example\","
                + "\"Phone\":\"+*******0147\",\"Title\":\"O***\"},\"recordKeys\":[\"CT7f3e2d1c\"],"
                + "\"eventIds\":[\"EVb3f0c2a1\"]}"));
    }

    @Test
    void aPrettyPrintedHubSpotRequestHasItsNamesMasked() {
        String body = "{\n  \"firstname\" : \"Jane\",\n  \"lastname\" : \"Doe\",\n  \"jobtitle\" : \"Operations Manager\","
                + "\n  \"company\" : \"Acme Plumbing\",\n  \"quo_contact_id\" : \"CT7f3e2d1c\"\n}";

        assertThat(LogMasking.maskLine(body), equalTo("{\\n  \"firstname\" : \"J***\",\\n  \"lastname\" : \"D***\","
                + "\\n  \"jobtitle\" : \"O***\",\\n  \"company\" : \"A***\",\\n  \"quo_contact_id\" : \"CT7f3e2d1c\"\\n}"));
    }

    @Test
    void callTextSummaryAndTranscriptAreMaskedInsideArraysAndObjects() {
        String activity = "{\"kind\":\"call\",\"call\":{\"callId\":\"AC9d2c\",\"direction\":\"inbound\",\"outcome\":\"answered\","
                + "\"durationSeconds\":352,\"user\":{\"id\":\"USk2Lm\",\"name\":\"Priya Shah\"},"
                + "\"summary\":[\"Caller wants quarterly maintenance\", \"Quote \\\"sent\\\"\"],\"nextSteps\":[],"
                + "\"transcript\":[{\"speaker\":\"Priya Shah\",\"content\":\"Thanks for calling\",\"start\":0.5}],"
                + "\"voicemail\":{\"url\":\"https://files.example/vm.mp3\",\"transcript\":\"Call me back\"}},"
                + "\"title\":\"Inbound call from +13125550123 (answered)\",\"text\":\"Inbound call\\nSummary: ...\"}";

        assertThat(LogMasking.mask(activity), equalTo("{\"kind\":\"call\",\"call\":{\"callId\":\"AC9d2c\","
                + "\"direction\":\"inbound\",\"outcome\":\"answered\",\"durationSeconds\":352,"
                + "\"user\":{\"id\":\"USk2Lm\",\"name\":\"P***\"},\"summary\":[\"C***\", \"Q***\"],\"nextSteps\":[],"
                + "\"transcript\":[{\"speaker\":\"P***\",\"content\":\"T***\",\"start\":0.5}],"
                + "\"voicemail\":{\"url\":\"https://files.example/vm.mp3\",\"transcript\":\"C***\"}},"
                + "\"title\":\"I***\",\"text\":\"I***\"}"));
    }

    @Test
    void quoMessageAndContactPayloadsHaveTheirTextAndNamesMasked() {
        String message = "{\"id\":\"ACd3b6\",\"from\":\"+13125550123\",\"direction\":\"incoming\","
                + "\"text\":\"Can you send the plan to facilities@lakeside.example?\",\"status\":\"received\","
                + "\"body\":\"Sam can be there by 11\",\"createdAt\":\"2026-03-12T16:55:52.420Z\"}";

        assertThat(LogMasking.mask(message), equalTo("{\"id\":\"ACd3b6\",\"from\":\"+*******0123\","
                + "\"direction\":\"incoming\",\"text\":\"C***\",\"status\":\"received\",\"body\":\"S***\","
                + "\"createdAt\":\"2026-03-12T16:55:52.420Z\"}"));
        assertThat(LogMasking.mask("{\"notes\":\"VIP, prefers mornings\",\"description\":\"Gate code 1234\","
                        + "\"subject\":\"Call with Jane\",\"comment\":\"x\",\"address\":\"12 Main St\"}"),
                equalTo("{\"notes\":\"V***\",\"description\":\"G***\",\"subject\":\"C***\",\"comment\":\"x***\","
                        + "\"address\":\"1***\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"firstName", "lastName", "first_name", "name", "fullName", "displayName", "company",
        "role", "jobtitle", "speaker", "location", "body", "text", "content", "summary", "nextSteps", "transcript",
        "notes", "description", "Subject", "TITLE", "hs_call_title", "hs_call_body", "hs_communication_body"})
    void everyListedKeyHasItsValueMaskedWhateverItsCase(String key) {
        assertThat(LogMasking.mask("{\"id\":\"X1\",\"" + key + "\":\"Value here\"}"),
                equalTo("{\"id\":\"X1\",\"" + key + "\":\"V***\"}"));
    }

    @Test
    void keysThatOnlyContainAListedNameAreLeftAlone() {
        String json = "{\"username\":\"api-user\",\"fieldName\":\"Department\",\"textColor\":\"red\","
                + "\"x-name\":\"kept\",\"contentType\":\"application/json\",\"status\":\"Completed\"}";

        assertThat(LogMasking.mask(json), equalTo(json));
    }

    @Test
    void nullsNumbersObjectsAndEmptyStringsUnderListedKeysStayAsTheyAre() {
        String json = "{\"name\":null,\"text\":\"\",\"summary\":[],\"body\":{\"records\":[]},\"title\":42}";

        assertThat(LogMasking.mask(json), equalTo(json));
    }

    @Test
    void contactPointValuesTheAddressAndNumberRulesMissAreMaskedLikeNames() {
        assertThat(LogMasking.mask("{\"email\":\"jane at acme\",\"emails\":[\"jane@acme.example\"],"
                        + "\"phone\":\"555-01 ext 7\",\"Mobile\":\"+16175550187\"}"),
                equalTo("{\"email\":\"j***\",\"emails\":[\"j***@acme.example\"],\"phone\":\"5***\","
                        + "\"Mobile\":\"+*******0187\"}"));
    }

    @Test
    void jsonInsideAJsonStringHasItsNamesMaskedToo() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String inner = "{\"firstName\":\"Jane\",\"text\":\"He said \\\"hi\\\" \\\\o/\",\"id\":\"CT1\"}";
        String maskedInner = "{\"firstName\":\"J***\",\"text\":\"H***\",\"id\":\"CT1\"}";

        String logged = mapper.writeValueAsString(java.util.Map.of("detail", inner));

        assertThat(LogMasking.mask(logged), equalTo(mapper.writeValueAsString(java.util.Map.of("detail", maskedInner))));
    }

    @Test
    void aJsonStringCutOffByATruncatedTraceIsMaskedToTheEndOfTheLine() {
        assertThat(LogMasking.mask("Body: {\"id\":\"CT1\",\"transcript\":\"Hello, this is Jane from… [Body clipped]"),
                equalTo("Body: {\"id\":\"CT1\",\"transcript\":\"H***"));
    }

    @Test
    void recordAndMapToStringsHaveTheirNamesMaskedAndOtherFieldsKept() {
        String record = "CanonicalEvent[eventId=EVb3f0, kind=contact.upsert, contact=CanonicalContact[quoId=CT7f3e, "
                + "externalId=null, firstName=Jane, lastName=Doe, company=Acme Plumbing, Inc., role=Owner (retired), "
                + "location=Austin, TX, emails=[Email[label=null, value=jane@acme.example]], source=public-api, "
                + "updatedAt=2026-04-13T12:00:00.000Z], call=null, summary=[Wants a quote, Call back], text=null]";

        assertThat(LogMasking.mask(record), equalTo("CanonicalEvent[eventId=EVb3f0, kind=contact.upsert, "
                + "contact=CanonicalContact[quoId=CT7f3e, externalId=null, firstName=J***, lastName=D***, "
                + "company=A***, role=O***, location=A***, emails=[Email[label=null, value=j***@acme.example]], "
                + "source=public-api, updatedAt=2026-04-13T12:00:00.000Z], call=null, summary=[***], text=null]"));
        assertThat(LogMasking.mask("{firstName=Jane, id=CT1} ?name=Jane+Doe&limit=10"),
                equalTo("{firstName=J***, id=CT1} ?name=J***&limit=10"));
    }

    @Test
    void aRecordFieldHoldingJsonOrRecordsHasItsOwnFieldsMaskedNotTheWholeValue() {
        assertThat(LogMasking.mask("InboxEvent[id=1, eventId=EV1, body={\"id\":\"CT1\",\"firstName\":\"Jane\","
                        + "\"type\":\"contact.updated\"}]"),
                equalTo("InboxEvent[id=1, eventId=EV1, body={\"id\":\"CT1\",\"firstName\":\"J***\","
                        + "\"type\":\"contact.updated\"}]"));
        assertThat(LogMasking.mask("CallActivity[callId=AC1, transcript=[Line[speaker=Priya Shah, content=Hi there, "
                        + "start=0.5], Line[speaker=+15551234567, content=Hello, start=2.0]], summary=[]]"),
                equalTo("CallActivity[callId=AC1, transcript=[Line[speaker=P***, content=H***, start=0.5], "
                        + "Line[speaker=+*******4567, content=H***, start=2.0]], summary=[]]"));
    }

    @Test
    void numbersBooleansAndNullsInARecordStayReadable() {
        assertThat(LogMasking.mask("CustomField[name=Lifetime value, type=number, value=1250.5, text=1250.5], "
                        + "CustomField[name=VIP, type=boolean, value=true, text=true], text=-3, note=null, title=4 eggs"),
                equalTo("CustomField[name=L***, type=number, value=1250.5, text=1250.5], "
                        + "CustomField[name=V***, type=boolean, value=true, text=true], text=-3, note=null, title=4***"));
    }

    @Test
    void keyValuePairsWhoseKeyOnlyEndsInAListedNameAreLeftAlone() {
        String text = "CamelHttpResponseText=OK, Content-Type=application/json, file.name=x, my-title=y, a==b";

        assertThat(LogMasking.mask(text), equalTo(text));
    }

    @Test
    void secretsAreStillMaskedNextToNames() {
        LogMasking.registerSecret("qk_live_8f2a9c1e7b");

        assertThat(LogMasking.maskLine("{\"firstName\":\"Jane\",\"apiKey\":\"abc-secret-1\",\"note\":\"key qk_live_8f2a9c1e7b\"}"
                        + " Authorization: Bearer eyJhbGciOi.J9 password=hunter2xyz"),
                equalTo("{\"firstName\":\"J***\",\"apiKey\":\"***\",\"note\":\"k***\"} Authorization: Bearer ***"
                        + " password=***"));
        LogMasking.setMaskPii(false);
        assertThat(LogMasking.maskLine("{\"firstName\":\"Jane\",\"apiKey\":\"abc-secret-1\"} qk_live_8f2a9c1e7b"),
                equalTo("{\"firstName\":\"Jane\",\"apiKey\":\"***\"} ***"));
    }

    @Test
    void aMegabyteTranscriptIsMaskedInLinearTime() {
        StringBuilder json = new StringBuilder("{\"id\":\"AC1\",\"transcript\":\"");
        while (json.length() < 1_000_000) {
            json.append("Speaker: words, \\\"quoted\\\" = : \\n");
        }
        json.append("\",\"status\":\"completed\"}");
        StringBuilder unterminated = new StringBuilder("{\"text\":\"");
        while (unterminated.length() < 1_000_000) {
            unterminated.append("\"name\":\"x\", name=y, ");
        }
        String masked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> LogMasking.maskLine(json.toString()));
        String other = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> LogMasking.maskLine(unterminated.toString()));

        assertThat(masked, equalTo("{\"id\":\"AC1\",\"transcript\":\"S***\",\"status\":\"completed\"}"));
        assertThat(other.length(), org.hamcrest.Matchers.lessThan(unterminated.length()));
    }

    @Test
    void aNameBuiltToNestKeysDeeplyIsMaskedInLinearTime() {
        // a webhook's name written as "[name=[name=[..." ends up in a traced record's toString
        String nested = "Contact[firstName=" + "[name=".repeat(200_000) + "x" + "]".repeat(200_000) + ", id=CT1]";
        String colons = "{" + "\"text\":[\"a\",".repeat(100_000) + "\"note\" : " + " :".repeat(100_000);

        String masked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> LogMasking.maskLine(nested));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> LogMasking.maskLine(colons));

        assertThat(masked, not(containsString("x]")));
        assertThat(masked, org.hamcrest.Matchers.endsWith(", id=CT1]"));
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
