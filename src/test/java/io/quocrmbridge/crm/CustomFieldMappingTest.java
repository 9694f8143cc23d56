package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.CustomFieldMapping.Field;
import io.quocrmbridge.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomFieldMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SETTING = "SALESFORCE_CONTACT_CUSTOM_FIELDS";

    // ---- parsing ----

    @Test
    void parsesKeysFieldsAndDateSuffixInOrder() {
        CustomFieldMapping mapping = parse(" department = Department__c , renewal=Renewal_Date__c:date,"
                + "vip=VIP__c:DATE ");

        assertThat(new ArrayList<>(mapping.fields().keySet()), contains("department", "renewal", "vip"));
        assertThat(mapping.fields().get("department"), equalTo(new Field("Department__c", false)));
        assertThat(mapping.fields().get("renewal"), equalTo(new Field("Renewal_Date__c", true)));
        assertThat(mapping.fields().get("vip"), equalTo(new Field("VIP__c", true)));
    }

    @Test
    void blankEntriesAreIgnored() {
        assertThat(parse("a=A__c,, ,b=B__c,").fields(), aMapWithSize(2));
    }

    @Test
    void absentOrBlankConfigurationMapsNothing() {
        assertThat(parse(null).fields(), anEmptyMap());
        assertThat(parse("").fields(), anEmptyMap());
        assertThat(parse(" , ").fields(), anEmptyMap());
    }

    @ParameterizedTest
    @ValueSource(strings = {"=Department__c", "department=", "department", "department =  ", "department=:date",
            "department= :date"})
    void entryWithoutKeyOrCrmFieldIsRejectedNamingTheSettingAndEntry(String entry) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> parse("vip=VIP__c," + entry));

        assertThat(refused.getMessage(), containsString(SETTING));
        assertThat(refused.getMessage(), containsString(entry.trim()));
    }

    // ---- addTo ----

    @Test
    void mappedCustomFieldsGetTheirCanonicalTextValue() {
        CustomFieldMapping mapping = parse("department=Department__c,lifetime-value=LTV__c,vip=VIP__c,site=Site__c");
        ObjectNode mapped = MAPPER.createObjectNode().put("LastName", "Doe");

        mapping.addTo(mapped, contact("""
                {"department": {"name":"Department","type":"multi-select","value":["sales","service"],
                                "text":"sales;service"},
                 "lifetime-value": {"name":"Lifetime value","type":"number","value":1250.5,"text":1250.5},
                 "vip": {"name":"VIP","type":"boolean","value":true,"text":true},
                 "site": {"name":"Site","type":"url","value":"https://acme.example","text":"https://acme.example"}}
                """));

        assertThat(mapped.get("LastName").asText(), equalTo("Doe"));
        assertThat(mapped.get("Department__c").isTextual(), is(true));
        assertThat(mapped.get("Department__c").asText(), equalTo("sales;service"));
        assertThat(mapped.get("LTV__c").isNumber(), is(true));
        assertThat(mapped.get("LTV__c").decimalValue().toPlainString(), equalTo("1250.5"));
        assertThat(mapped.get("VIP__c").isBoolean(), is(true));
        assertThat(mapped.get("VIP__c").booleanValue(), is(true));
        assertThat(mapped.get("Site__c").asText(), equalTo("https://acme.example"));
    }

    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource({
        // midnight in New York (UTC-4 in September)
        "2026-09-11T04:00:00.000Z, 2026-09-11",
        // midnight in Berlin (UTC+2 in September)
        "2026-09-10T22:00:00.000Z, 2026-09-11",
        // midnight in Honolulu (UTC-10)
        "2026-09-11T10:00:00.000Z, 2026-09-11",
        // midnight in Kolkata (UTC+5:30)
        "2026-09-10T18:30:00.000Z, 2026-09-11",
        // midnight UTC
        "2026-09-11T00:00:00.000Z, 2026-09-11",
        // with an offset instead of Z
        "2026-09-11T00:00:00+02:00, 2026-09-11",
    })
    void dateFieldIsWrittenAsTheDayItsUtcInstantIsNearestTo(String quoValue, String expectedDay) {
        ObjectNode mapped = MAPPER.createObjectNode();

        parse("renewal=Renewal_Date__c:date").addTo(mapped, contact(
                "{\"renewal\":{\"name\":\"Renewal\",\"type\":\"date\",\"value\":\"" + quoValue + "\",\"text\":\""
                        + quoValue + "\"}}"));

        assertThat(mapped.get("Renewal_Date__c").asText(), equalTo(expectedDay));
    }

    @Test
    void dateFieldWithoutDateSuffixKeepsTheInstant() {
        ObjectNode mapped = MAPPER.createObjectNode();

        parse("renewal=Renewal__c").addTo(mapped, contact(
                "{\"renewal\":{\"type\":\"date\",\"text\":\"2026-09-10T22:00:00.000Z\"}}"));

        assertThat(mapped.get("Renewal__c").asText(), equalTo("2026-09-10T22:00:00.000Z"));
    }

    @Test
    void dateOnlyFieldHoldingAPlainDateKeepsThatDate() {
        ObjectNode mapped = MAPPER.createObjectNode();

        parse("renewal=Renewal_Date__c:date").addTo(mapped,
                contact("{\"renewal\":{\"type\":\"date\",\"text\":\"2026-09-11\"}}"));

        assertThat(mapped.get("Renewal_Date__c").asText(), equalTo("2026-09-11"));
    }

    @Test
    void dateOnlyFieldWithUnreadableShortValueBecomesNull() {
        ObjectNode mapped = MAPPER.createObjectNode();

        parse("renewal=Renewal_Date__c:date").addTo(mapped,
                contact("{\"renewal\":{\"type\":\"date\",\"text\":\"soon\"}}"));

        assertThat(mapped.has("Renewal_Date__c"), is(true));
        assertThat(mapped.get("Renewal_Date__c").isNull(), is(true));
    }

    @Test
    void nullOrMissingTextIsMappedAsAnExplicitNull() {
        ObjectNode mapped = MAPPER.createObjectNode();

        parse("department=Department__c,renewal=Renewal_Date__c:date").addTo(mapped, contact("""
                {"department": {"type":"multi-select","value":null,"text":null},
                 "renewal": {"type":"date","value":null}}
                """));

        assertThat(mapped.get("Department__c").isNull(), is(true));
        assertThat(mapped.get("Renewal_Date__c").isNull(), is(true));
    }

    @Test
    void unmappedAndSkippedCustomFieldsAreNotAdded() {
        CustomFieldMapping mapping = CustomFieldMapping.parse("salesforce", SETTING, "vip=VIP__c", "internal-notes");
        ObjectNode mapped = MAPPER.createObjectNode();

        mapping.addTo(mapped, contact("""
                {"vip": {"type":"boolean","text":true},
                 "internal-notes": {"type":"string","text":"do not sync"},
                 "shoe-size": {"type":"number","text":44}}
                """));

        assertThat(fieldNames(mapped), contains("VIP__c"));
    }

    @Test
    void unmappedCustomFieldIsReportedOnceAndSkippedOneNever() {
        CustomFieldMapping mapping = CustomFieldMapping.parse("salesforce", SETTING, "vip=VIP__c", "internal-notes");
        JsonNode contact = contact("""
                {"vip": {"type":"boolean","text":true},
                 "internal-notes": {"type":"string","text":"do not sync"},
                 "shoe-size": {"type":"number","text":44}}
                """);

        List<String> logged;
        try (LogCapture log = LogCapture.of(CustomFieldMapping.class)) {
            mapping.addTo(MAPPER.createObjectNode(), contact);
            mapping.addTo(MAPPER.createObjectNode(), contact);
            logged = log.messages();
        }

        assertThat(logged, hasSize(1));
        assertThat(logged.get(0), containsString("'shoe-size' (number)"));
        assertThat(logged.get(0), containsString("salesforce"));
    }

    @Test
    void contactWithoutCustomFieldsLeavesTheMappedRecordAlone() {
        CustomFieldMapping mapping = parse("vip=VIP__c");
        ObjectNode mapped = MAPPER.createObjectNode().put("LastName", "Doe");

        mapping.addTo(mapped, null);
        mapping.addTo(mapped, MAPPER.createObjectNode());
        mapping.addTo(mapped, MAPPER.createObjectNode().put("custom", "not an object"));

        assertThat(fieldNames(mapped), contains("LastName"));
    }

    @Test
    void directlyConstructedMappingUsesTheGivenFields() {
        CustomFieldMapping mapping = new CustomFieldMapping("salesforce",
                Map.of("renewal", new Field("Renewal_Date__c", true)), Set.of());
        ObjectNode mapped = MAPPER.createObjectNode();

        mapping.addTo(mapped, contact("{\"renewal\":{\"type\":\"date\",\"text\":\"2026-09-10T22:00:00.000Z\"}}"));

        assertThat(mapped.get("Renewal_Date__c").asText(), equalTo("2026-09-11"));
    }

    // ---- helpers ----

    private static CustomFieldMapping parse(String configured) {
        return CustomFieldMapping.parse("salesforce", SETTING, configured, null);
    }

    /** A canonical contact with the given {@code custom} object. */
    private static JsonNode contact(String customJson) {
        try {
            ObjectNode contact = MAPPER.createObjectNode().put("quoId", "CT7f3e2d1c0b9a8f7e6d5c4b3a2");
            contact.set("custom", MAPPER.readTree(customJson));
            return contact;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
