package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalContact.Email;
import io.quocrmbridge.canonical.CanonicalContact.Phone;
import io.quocrmbridge.store.RecordVersion;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contacts from the beta resource, the REST API and the legacy label-keyed {@code fields} map. */
class ContactNormalizerTest {

    private static CanonicalContact contact(String fixture) {
        return QuoEvents.normalize(fixture).contact();
    }

    private static CanonicalContact contact(JsonNode webhookBody) {
        return QuoEvents.normalize(webhookBody).contact();
    }

    private static CanonicalContact polled(JsonNode restContact) {
        return QuoEvents.normalizer().normalize(QuoEvents.poll(restContact)).contact();
    }

    /** A CRM-ready custom field value: numbers compare by value whatever node type carries them. */
    private static void assertCrmText(JsonNode actual, String expectedJson) {
        JsonNode expected = Json.parse(expectedJson);
        if (expected.isNumber()) {
            assertThat(actual + " is a number", actual.isNumber(), is(true));
            assertThat(actual.decimalValue().compareTo(expected.decimalValue()), equalTo(0));
        } else {
            assertThat(actual, equalTo(expected));
        }
    }

    // ---- beta resource ----

    @Test
    void betaContactCarriesNamesEmailsAndE164Phones() {
        CanonicalContact c = contact("beta/contact.updated.json");

        assertThat(c.quoId(), equalTo("CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
        assertThat(c.externalId(), nullValue());
        assertThat(c.firstName(), equalTo("Jane"));
        assertThat(c.lastName(), equalTo("Doe"));
        assertThat(c.company(), equalTo("Acme Plumbing"));
        assertThat(c.role(), equalTo("Operations Manager"));
        assertThat(c.location(), equalTo("Austin, TX"));
        assertThat(c.emails(), contains(new Email(null, "jane.doe@acme-plumbing.example")));
        assertThat(c.phones(), contains(
                new Phone(null, "+15125550147", "+15125550147", "+15125550147", true, false),
                new Phone(null, "+15125550199", "(512) 555-0199", "+15125550199", true, false)));
        assertThat(c.createdAt(), equalTo("2026-01-05T09:30:00.000Z"));
        assertThat(c.updatedAt(), equalTo("2026-04-13T12:00:00.000Z"));
        assertThat(c.deepLink(), equalTo("https://my.quo.com/contacts/CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
        assertThat(c.deleted(), is(false));
    }

    @ParameterizedTest
    @CsvSource({
        "department,     multi-select, '\"sales;service\"'",
        "lifetime-value, number,       1250.5",
        "vip,            boolean,      true",
        "renewal,        date,         '\"2026-09-11T04:00:00.000Z\"'",
    })
    void betaCustomFieldTextPerType(String key, String type, String expectedText) {
        CanonicalContact.CustomField field = contact("beta/contact.updated.json").custom().get(key);

        assertThat(field.type(), equalTo(type));
        assertCrmText(field.text(), expectedText);
    }

    @Test
    void betaContactDeletedIsFlaggedAndKeyedLikeTheUpdate() {
        CanonicalContact deleted = contact("beta/contact.deleted.json");

        assertThat(deleted.deleted(), is(true));
        assertThat(deleted.recordKey(), equalTo("CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
        assertThat(deleted.firstName(), equalTo("Jane"));
        assertThat(deleted.custom().isEmpty(), is(true));
    }

    // ---- record key ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "beta/contact.updated.json,             CT7f3e2d1c0b9a8f7e6d5c4b3a2, ,                 CT7f3e2d1c0b9a8f7e6d5c4b3a2",
        "beta/contact.updated.external-id.json, CT68a1f0c2d4e6b8a0c2e4f6a8,  crm-0042-navarro, crm-0042-navarro",
        "rest/contact.json,                     664d0db69fcac7cf2e6ec0a1,    ,                 664d0db69fcac7cf2e6ec0a1",
        "rest/contact.external-id.json,         CT68a1f0c2d4e6b8a0c2e4f6a8,  crm-0042-navarro, crm-0042-navarro",
        "legacy-v4/contact.updated.json,        CT66f1a2b3c4d5e6f7a8b9c0d1,  ,                 CT66f1a2b3c4d5e6f7a8b9c0d1",
        "legacy-v4/contact.deleted.json,        CT66f2b3c4d5e6f7a8b9c0d1e2,  ,                 CT66f2b3c4d5e6f7a8b9c0d1e2",
        "legacy-v3/contact.updated.json,        CT6823ffc81fc6d26d75e6e0a1,  ,                 CT6823ffc81fc6d26d75e6e0a1",
    })
    void recordKeyIsTheExternalIdWhereSetElseTheQuoId(String fixture, String quoId, String externalId,
                                                      String recordKey) {
        CanonicalContact c = contact(fixture);

        assertThat(c.quoId(), equalTo(quoId));
        assertThat(c.externalId(), equalTo(externalId));
        assertThat(c.recordKey(), equalTo(recordKey));
    }

    @Test
    void blankExternalIdCountsAsUnset() {
        ObjectNode body = Fixtures.with(Fixtures.json("beta/contact.updated.json"), "/data/resource/externalId", "  ");

        CanonicalContact c = contact(body);

        assertThat(c.externalId(), nullValue());
        assertThat(c.recordKey(), equalTo("CT7f3e2d1c0b9a8f7e6d5c4b3a2"));
    }

    // ---- REST contact ----

    @Test
    void restContactReadsDefaultFieldsAndSource() {
        CanonicalContact c = contact("rest/contact.json");

        assertThat(c.firstName(), equalTo("Rita"));
        assertThat(c.lastName(), equalTo("Barton"));
        assertThat(c.company(), equalTo("Barton HVAC"));
        assertThat(c.role(), equalTo("Owner"));
        assertThat(c.location(), nullValue());
        assertThat(c.source(), equalTo("public-api"));
        assertThat(c.sourceUrl(), equalTo("https://crm.barton-hvac.example/contacts/1187"));
    }

    @Test
    void restEmailsKeepTheirLabelsAndAddressesWithoutValueAreSkipped() {
        assertThat(contact("rest/contact.json").emails(), contains(new Email("work", "rita.barton@barton-hvac.example")));
    }

    @Test
    void restCustomFieldsCoverEveryTypeTheApiDefines() {
        Set<String> types = new HashSet<>();
        contact("rest/contact.json").custom().values().forEach(f -> types.add(f.type()));

        assertThat(types, containsInAnyOrder("address", "boolean", "date", "multi-select", "number", "string", "url"));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "service-address,  address,      Service address,  '\"1200 Barton Springs Rd, Austin, TX 78704\"'",
        "do-not-call,      boolean,      Do not call,      false",
        "contract-renewal, date,         Contract renewal, '\"2024-09-11T04:00:00.000Z\"'",
        "interests,        multi-select, Interests,        '\"water heaters;backflow testing;HVAC\"'",
        "fleet-size,       number,       Fleet size,       42.5",
        "account-number,   number,       Account number,   424242",
        "inbound-lead,     string,       Inbound Lead,     '\"Spring promo\"'",
        "website,          url,          Website,          '\"https://barton-hvac.example/about\"'",
        "referral-code,    string,       Referral code,    null",
    })
    void restCustomFieldTextPerType(String key, String type, String name, String expectedText) {
        CanonicalContact.CustomField field = contact("rest/contact.json").custom().get(key);

        assertThat(field.name(), equalTo(name));
        assertThat(field.type(), equalTo(type));
        assertCrmText(field.text(), expectedText);
    }

    @Test
    void numberCustomFieldSentAsTextBecomesANumberAndKeepsTheValueAsSent() {
        CanonicalContact.CustomField field = contact("rest/contact.json").custom().get("account-number");

        assertThat(field.value().isTextual(), is(true));
        assertThat(field.value().asText(), equalTo("424242"));
        assertThat(field.text().isNumber(), is(true));
        assertThat(field.text().decimalValue().compareTo(new BigDecimal("424242")), equalTo(0));
    }

    @Test
    void nullCustomFieldValueStaysNullAndTheFieldIsKept() {
        CanonicalContact c = contact("rest/contact.json");

        assertThat(c.custom(), hasKey("referral-code"));
        assertThat(c.custom().get("referral-code").value().isNull(), is(true));
        assertThat(c.custom().get("referral-code").text().isNull(), is(true));
    }

    @Test
    void falseBooleanCustomFieldStaysFalseNotNull() {
        JsonNode text = contact("rest/contact.json").custom().get("do-not-call").text();

        assertThat(text.isBoolean(), is(true));
        assertThat(text.booleanValue(), is(false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'[\"a\"]',     '\"a\"'",
        "'[]',          null",
        "null,          null",
        "'[\"x\", null, \"y\"]', '\"x;y\"'",
    })
    void multiSelectIsJoinedWithSemicolonsAndEmptyBecomesNull(String value, String expectedText) {
        ObjectNode body = Fixtures.json("beta/contact.updated.json");
        ((ObjectNode) body.at("/data/resource/customFields/0")).set("value", Json.parse(value));

        assertCrmText(contact(body).custom().get("department").text(), expectedText);
    }

    @Test
    void numberCustomFieldThatIsNotANumberBecomesNull() {
        ObjectNode body = Fixtures.with(Fixtures.json("beta/contact.updated.json"), "/data/resource/customFields/1/value",
                "about 1200");

        assertThat(contact(body).custom().get("lifetime-value").text().isNull(), is(true));
    }

    // ---- phones ----

    @ParameterizedTest(name = "{0}[{1}] {2}")
    @CsvSource({
        "rest/contact.json,                          0, mobile,          +15125550131, true",
        "rest/contact.json,                          1, Work,            +15125550132, false",
        "rest/contact.json,                          2, Cell (weekends), +15125550133, true",
        "legacy-v4/contact.updated.json,             0, mobile,          +13125550123, true",
        "legacy-v4/contact.updated.json,             1, office,          +13125550124, false",
        "legacy-v4/contact.updated.plain-phones.json, 2, Mobile,         +16175550187, true",
        "legacy-v4/contact.updated.plain-phones.json, 0, ,               +16175550188, false",
    })
    void mobileIsDetectedByLabel(String fixture, int index, String label, String e164, boolean mobile) {
        Phone phone = contact(fixture).phones().get(index);

        assertThat(phone.label(), equalTo(label));
        assertThat(phone.e164(), equalTo(e164));
        assertThat(phone.mobile(), is(mobile));
    }

    @Test
    void unparseablePhoneNumbersAreKeptRawAndFlaggedNeverDropped() {
        List<Phone> phones = contact("rest/contact.unparseable-phone.json").phones();

        assertThat(phones, contains(
                new Phone("front desk", "ext. 12", "ext. 12", null, false, false),
                new Phone("vanity", "555-CALL-NOW", "555-CALL-NOW", null, false, false),
                new Phone("mobile", "+15125550155", "+15125550155", "+15125550155", true, true)));
    }

    @Test
    void numberWithoutCountryCodeBecomesE164InTheDefaultRegion() {
        Phone phone = contact("rest/contact.national-phone.json").phones().get(0);

        assertThat(phone.raw(), equalTo("(415) 555-0132"));
        assertThat(phone.e164(), equalTo("+14155550132"));
        assertThat(phone.value(), equalTo("+14155550132"));
        assertThat(phone.valid(), is(true));
    }

    // ---- legacy fields map ----

    @Test
    void legacyFieldsMapIsReadByDisplayLabel() {
        CanonicalContact c = contact("legacy-v4/contact.updated.json");

        assertThat(c.firstName(), equalTo("Marisol"));
        assertThat(c.lastName(), equalTo("Ortega"));
        assertThat(c.company(), equalTo("Lakeside Towers HOA"));
        assertThat(c.role(), equalTo("Facilities Director"));
        assertThat(c.emails(), contains(new Email(null, "marisol.ortega@lakeside-towers.example")));
        assertThat(c.phones(), contains(
                new Phone("mobile", "+13125550123", "+13125550123", "+13125550123", true, true),
                new Phone("office", "+13125550124", "(312) 555-0124", "+13125550124", true, false)));
        assertThat(c.updatedAt(), equalTo("2026-03-12T18:20:03.401Z"));
        assertThat(c.deepLink(), nullValue());
    }

    @Test
    void legacyLabelsThatAreNotDefaultFieldsBecomeCustomFieldsWithInferredTypes() {
        CanonicalContact c = contact("legacy-v4/contact.updated.json");

        assertThat(c.custom().keySet(),
                containsInAnyOrder("preferred-technician", "rooftop-units", "weekend-visits-ok", "services"));
        assertThat(c.custom().get("preferred-technician").name(), equalTo("Preferred technician"));
        assertThat(c.custom().get("preferred-technician").type(), equalTo("string"));
        assertCrmText(c.custom().get("preferred-technician").text(), "\"Omar\"");
        assertThat(c.custom().get("rooftop-units").type(), equalTo("number"));
        assertCrmText(c.custom().get("rooftop-units").text(), "3");
        assertThat(c.custom().get("weekend-visits-ok").type(), equalTo("boolean"));
        assertCrmText(c.custom().get("weekend-visits-ok").text(), "true");
        assertThat(c.custom().get("services").type(), equalTo("multi-select"));
        assertCrmText(c.custom().get("services").text(), "\"HVAC maintenance;boiler inspection\"");
    }

    @Test
    void legacyPhoneAsPlainStringsAndAMobileLabelKeyAreAllKept() {
        CanonicalContact c = contact("legacy-v4/contact.updated.plain-phones.json");

        assertThat(c.phones(), contains(
                new Phone(null, "+16175550188", "+16175550188", "+16175550188", true, false),
                new Phone(null, "+16175550189", "617-555-0189", "+16175550189", true, false),
                new Phone("Mobile", "+16175550187", "+16175550187", "+16175550187", true, true)));
        assertThat(c.company(), nullValue());
        assertThat(c.emails(), contains(new Email(null, "theo.brandt@mailbox.example")));
        assertCrmText(c.custom().get("gate-code").text(), "\"4411#\"");
    }

    @Test
    void legacyV3ContactKeepsTheNamesItCarriesBesideTheFieldsMap() {
        CanonicalContact c = contact("legacy-v3/contact.updated.json");

        assertThat(c.firstName(), equalTo("Dana"));
        assertThat(c.lastName(), equalTo("Whitfield"));
        assertThat(c.company(), equalTo("Whitfield Dental"));
        assertThat(c.role(), equalTo("Practice Manager"));
        assertThat(c.phones(), contains(new Phone(null, "+15125550190", "+15125550190", "+15125550190", true, false)));
        assertThat(c.custom().isEmpty(), is(true));
    }

    @Test
    void legacyFieldsMapWinsOverTopLevelNamesWhenBothAreSent() {
        ObjectNode body = Fixtures.with(Fixtures.json("legacy-v4/contact.updated.json"), "/data/object/firstName",
                "Mari");

        assertThat(contact(body).firstName(), equalTo("Marisol"));
    }

    @Test
    void legacyContactDeletedIsFlagged() {
        CanonicalContact c = contact("legacy-v4/contact.deleted.json");

        assertThat(c.deleted(), is(true));
        assertThat(c.firstName(), equalTo("Theo"));
        assertThat(c.phones().size(), equalTo(1));
    }

    // ---- version: updatedAt and content hash ----

    @ParameterizedTest
    @CsvSource({
        "beta/contact.updated.json,            2026-04-13T12:00:00.000Z",
        "beta/contact.deleted.json,            2026-04-15T18:02:44.000Z",
        "rest/contact.json,                    2026-04-02T08:30:15.250Z",
        "legacy-v4/contact.updated.json,       2026-03-12T18:20:03.401Z",
        "legacy-v3/contact.updated.json,       2026-03-04T21:00:11.834Z",
    })
    void versionTimestampIsUpdatedAtInEpochMillis(String fixture, String updatedAt) {
        CanonicalContact.Version version = contact(fixture).version();

        assertThat(version.updatedAt(), equalTo(Instant.parse(updatedAt).toEpochMilli()));
        assertThat(version.hash().matches("[0-9a-f]{32}"), is(true));
    }

    @Test
    void identicalContentHashesIdenticallyWhateverTheEnvelopeSays() {
        ObjectNode redelivered = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(redelivered, "/id", "EVffffffffffffffffffffffffffffffff");
        Fixtures.with(redelivered, "/createdAt", "2026-04-14T00:00:00.000Z");
        Fixtures.with(redelivered, "/data/links/quo", "https://my.quo.com/contacts/elsewhere");
        Fixtures.with(redelivered, "/data/context/userId", "USother");

        CanonicalContact first = contact("beta/contact.updated.json");
        CanonicalContact again = contact("beta/contact.updated.json");
        CanonicalContact viaRedelivery = contact(redelivered);

        assertThat(again.version(), equalTo(first.version()));
        assertThat(viaRedelivery.version(), equalTo(first.version()));
    }

    @Test
    void customFieldOrderDoesNotChangeTheHash() {
        ObjectNode reordered = Fixtures.json("beta/contact.updated.json");
        ArrayNode fields = (ArrayNode) reordered.at("/data/resource/customFields");
        fields.insert(0, fields.remove(3));

        assertThat(contact(reordered).version().hash(), equalTo(contact("beta/contact.updated.json").version().hash()));
    }

    @Test
    void onlyTheUpdatedAtChangingKeepsTheHashButMovesTheTimestamp() {
        ObjectNode touched = Fixtures.with(Fixtures.json("beta/contact.updated.json"), "/data/resource/updatedAt",
                "2026-04-13T12:00:05.000Z");

        CanonicalContact original = contact("beta/contact.updated.json");
        CanonicalContact later = contact(touched);

        assertThat(later.version().hash(), equalTo(original.version().hash()));
        assertThat(later.version().updatedAt() - original.version().updatedAt(), equalTo(5000L));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "/data/resource/lastName                  | Doe-Smith",
        "/data/resource/company                   | Acme Plumbing & Heating",
        "/data/resource/location                  | Round Rock, TX",
        "/data/resource/externalId                | crm-77",
        "/data/resource/emails/0/value            | jane@acme-plumbing.example",
        "/data/resource/phoneNumbers/0/value      | +15125550148",
        "/data/resource/customFields/1/value      | 1250.75",
        "/data/resource/customFields/3/value      | 2027-09-11T04:00:00.000Z",
    })
    void aChangedFieldChangesTheHash(String pointer, String value) {
        ObjectNode changed = Fixtures.with(Fixtures.json("beta/contact.updated.json"), pointer, value);

        assertThat(contact(changed).version().hash(), not(equalTo(contact("beta/contact.updated.json").version().hash())));
    }

    @Test
    void aChangedBooleanOrMultiSelectChangesTheHash() {
        String original = contact("beta/contact.updated.json").version().hash();
        ObjectNode vipOff = Fixtures.with(Fixtures.json("beta/contact.updated.json"), "/data/resource/customFields/2/value",
                false);
        ObjectNode fewerDepartments = Fixtures.with(Fixtures.json("beta/contact.updated.json"),
                "/data/resource/customFields/0/value", List.of("sales"));

        assertThat(contact(vipOff).version().hash(), not(equalTo(original)));
        assertThat(contact(fewerDepartments).version().hash(), not(equalTo(original)));
    }

    @Test
    void deletionChangesTheHashOfOtherwiseIdenticalContent() {
        ObjectNode asUpdate = Fixtures.with(Fixtures.json("beta/contact.deleted.json"), "/type", "contact.updated");

        CanonicalContact deleted = contact("beta/contact.deleted.json");
        CanonicalContact updated = contact(asUpdate);

        assertThat(updated.deleted(), is(false));
        assertThat(deleted.version().updatedAt(), equalTo(updated.version().updatedAt()));
        assertThat(deleted.version().hash(), not(equalTo(updated.version().hash())));
    }

    /**
     * The same Quo update seen by webhook (beta) and by the poller (REST): the content agrees field by field, but
     * only the REST shape names its numbers, and so marks the mobile one, which a CRM mapping uses (MobilePhone).
     * The two hashes therefore differ; the shared updatedAt is what makes the version gate treat them as one version.
     */
    @Test
    void betaAndRestRenderingsOfOneUpdateShareUpdatedAtButNotTheHashBecauseOnlyRestMarksTheMobileNumber() {
        CanonicalContact beta = contact("beta/contact.updated.external-id.json");
        CanonicalContact rest = polled(Fixtures.json("rest/contact.external-id.json"));

        assertThat(rest.quoId(), equalTo(beta.quoId()));
        assertThat(rest.recordKey(), equalTo(beta.recordKey()));
        assertThat(rest.emails().stream().map(Email::value).toList(),
                equalTo(beta.emails().stream().map(Email::value).toList()));
        assertThat(rest.phones().stream().map(Phone::e164).toList(),
                equalTo(beta.phones().stream().map(Phone::e164).toList()));
        assertThat(rest.custom(), equalTo(beta.custom()));
        assertThat(rest.version().updatedAt(), equalTo(beta.version().updatedAt()));

        assertThat(rest.version().hash(), not(equalTo(beta.version().hash())));

        RecordVersion fromWebhook = new RecordVersion(beta.version().updatedAt(), beta.version().hash());
        RecordVersion fromPoll = new RecordVersion(rest.version().updatedAt(), rest.version().hash());
        assertThat(fromPoll.against(fromWebhook), equalTo(RecordVersion.Verdict.SAME));
    }

    @Test
    void labelsOtherThanMobileDoNotChangeTheHash() {
        ObjectNode noMobileLabel = Fixtures.json("rest/contact.external-id.json");
        noMobileLabel.at("/defaultFields/phoneNumbers").forEach(item -> {
            if ("mobile".equals(item.path("name").asText())) {
                ((ObjectNode) item).put("name", "main");
            }
        });

        CanonicalContact beta = contact("beta/contact.updated.external-id.json");
        CanonicalContact rest = polled(noMobileLabel);

        assertThat(rest.emails().get(0).label(), equalTo("work"));
        assertThat(rest.version(), equalTo(beta.version()));
    }

    @Test
    void restRenderingWithoutLabelsHashesLikeTheBetaRendering() {
        ObjectNode unlabelled = Fixtures.json("rest/contact.external-id.json");
        for (String list : List.of("emails", "phoneNumbers")) {
            unlabelled.at("/defaultFields/" + list).forEach(item -> ((ObjectNode) item).remove("name"));
        }

        CanonicalContact beta = contact("beta/contact.updated.external-id.json");
        CanonicalContact rest = polled(unlabelled);

        assertThat(rest.version(), equalTo(beta.version()));
    }

    @Test
    void contactWithoutPhonesOrEmailsHasEmptyListsNotNulls() {
        ObjectNode bare = Fixtures.json("beta/contact.updated.json");
        Fixtures.without(bare, "/data/resource/emails");
        Fixtures.without(bare, "/data/resource/phoneNumbers");
        Fixtures.without(bare, "/data/resource/customFields");

        CanonicalContact c = contact(bare);

        assertThat(c.emails(), empty());
        assertThat(c.phones(), empty());
        assertThat(c.custom().isEmpty(), is(true));
    }
}
