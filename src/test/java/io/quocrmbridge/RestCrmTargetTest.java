package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.FakeRestCrm;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A REST CRM wired as a user would: examples/crm-pipedrive.camel.yaml copied into a routes folder next to the
 * bridge's own route files, CRM_TARGETS=pipedrive, and its settings; no Java. Contacts become persons and calls
 * activities, created once and updated in place by the id Pipedrive answered with, the call linked to its person.
 */
class RestCrmTargetTest extends BridgeTestSupport {

    private static final String TOKEN = "pipedrive-test-api-token-1234";
    private static FakeRestCrm pipedrive;

    @Override
    protected void bridgeProperties(Properties properties) {
        if (pipedrive == null) {
            pipedrive = new FakeRestCrm(TOKEN);
        }
        properties.put("camel.main.routes-include-pattern", "file:" + withExample(dataDir) + "/*.camel.yaml");
        properties.put("crm.targets", targets());
        properties.put("pipedrive.url", pipedrive.baseUrl());
        properties.put("pipedrive.token", TOKEN);
        properties.put("contact.delete-policy", "delete");
        properties.put("crm.retry.initial-delay-ms", "50");
        properties.put("crm.retry.max-delay-ms", "200");
    }

    /** CRM_TARGETS of the test. */
    String targets() {
        return "pipedrive";
    }

    /** A routes folder as a user's would be: the bridge's route files plus the example, copied in. */
    static Path withExample(Path dir) {
        Path routes = dir.resolve("routes");
        try {
            Files.createDirectories(routes);
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, routes.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(Path.of("examples", "crm-pipedrive.camel.yaml"), routes.resolve("crm-pipedrive.camel.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    @AfterAll
    static void stopPipedrive() {
        pipedrive.close();
    }

    @Test
    void contactsAndCallsReachThePipedriveFileCreatedOnceThenUpdatedInPlaceAndLinked() {
        assertThat(postLegacy(Fixtures.text("legacy-v4/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        Map<String, ObjectNode> persons = pipedrive.records("persons");
        assertThat(persons.size(), equalTo(1));
        ObjectNode person = persons.values().iterator().next();
        String personId = person.get("id").asText();
        assertThat(person.path("phones").get(0).path("value").asText(), equalTo("+13125550123"));
        assertThat(person.path("phones").get(0).path("primary").asBoolean(), equalTo(true));

        for (String fixture : List.of("legacy-v4/call.completed.answered-incoming.json",
                "legacy-v4/call.summary.completed.json")) {
            assertThat(postLegacy(Fixtures.text(fixture)).statusCode(), equalTo(202));
            awaitQuiet();
        }
        Map<String, ObjectNode> activities = pipedrive.records("activities");
        assertThat("one activity for the call", activities.size(), equalTo(1));
        JsonNode activity = activities.values().iterator().next();
        assertThat(activity.path("subject").asText(), equalTo("Inbound call from +13125550123 (answered)"));
        assertThat(activity.path("type").asText(), equalTo("call"));
        assertThat(activity.path("due_date").asText(), equalTo("2026-03-10"));
        assertThat(activity.path("duration").asText(), equalTo("00:05"));
        assertThat(activity.path("note").asText(), containsString("Summary:\n- Caller wants quarterly maintenance"));
        assertThat(activity.path("participants").get(0).path("person_id").asText(), equalTo(personId));
        List<String> activityCalls = pipedrive.served().stream().filter(s -> s.path().startsWith("/api/v2/activities"))
                .map(s -> s.method() + " " + s.path()).toList();
        assertThat(activityCalls, equalTo(List.of("POST /api/v2/activities",
                "PATCH /api/v2/activities/" + activity.get("id").asText())));
        assertThat(rows("SELECT crm_id FROM crm_record_version WHERE target = 'pipedrive' AND record_kind = 'contact'")
                .get(0).get(0), equalTo(personId));

        // a later change to the contact updates the person, and its deletion in Quo deletes it
        ObjectNode later = Fixtures.json("legacy-v4/contact.updated.json");
        Fixtures.with(later, "/id", "EVpipedriveLater");
        Fixtures.with(later, "/data/object/updatedAt", "2026-05-01T10:00:00.000Z");
        Fixtures.with(later, "/data/object/fields/Last name", "Okafor-Reyes");
        assertThat(postLegacy(Fixtures.write(later)).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(pipedrive.records("persons").size(), equalTo(1));
        assertThat(pipedrive.records("persons").get(personId).path("name").asText(), containsString("Okafor-Reyes"));
        assertThat(outcomes("EVpipedriveLater"), equalTo(List.of("pipedrive:queued", "pipedrive:updated")));
        assertThat(rows("SELECT target FROM dead_letter"), empty());
        assertThat("the API token is masked wherever it would be logged",
                io.quocrmbridge.observe.LogMasking.mask("x-api-token: " + TOKEN), not(containsString(TOKEN)));
    }

    @Test
    void aRefusedRecordGoesToDeadLettersWithTheCrmsReasonAndOthersKeepFlowing() {
        pipedrive.failNext(1, 400);
        ObjectNode contact = Fixtures.json("legacy-v4/contact.updated.json");
        Fixtures.with(contact, "/id", "EVpipedriveRefused");
        Fixtures.with(contact, "/data/object/id", "CTpipedriveRefused");
        assertThat(postLegacy(Fixtures.write(contact)).statusCode(), equalTo(202));
        awaitQuiet();
        List<List<Object>> dead = rows("SELECT record_key, http_status, reason FROM dead_letter WHERE target = 'pipedrive'");
        assertThat(dead, hasSize(1));
        assertThat(dead.get(0).get(0), equalTo("CTpipedriveRefused"));
        assertThat(((Number) dead.get(0).get(1)).intValue(), equalTo(400));
        assertThat((String) dead.get(0).get(2), containsString("failure injected by the test"));
    }

    /** The file is in routes/ but pipedrive is not in CRM_TARGETS: its writers exist and stay stopped. */
    @org.junit.jupiter.api.Nested
    class NotATarget extends BridgeTestSupport {

        @Override
        protected void bridgeProperties(Properties properties) {
            properties.put("camel.main.routes-include-pattern", "file:" + withExample(dataDir) + "/*.camel.yaml");
        }

        @Test
        void itsWritersAreStoppedUntilPipedriveIsListedInCrmTargets() {
            for (String id : List.of("pipedrive-contact-writer", "pipedrive-activity-writer")) {
                assertThat(id, context.getRoute(id) != null, equalTo(true));
                assertThat(id, context.getRouteController().getRouteStatus(id).isStarted(), equalTo(false));
            }
            assertThat(context.getRouteController().getRouteStatus("dry-run-contact-writer").isStarted(),
                    equalTo(true));
        }
    }

    /** upsert=bulk: one request per batch, a JSON array of the records keyed by externalId. */
    @org.junit.jupiter.api.Nested
    class Bulk extends BridgeTestSupport {

        @Override
        protected void bridgeProperties(Properties properties) {
            if (pipedrive == null) {
                pipedrive = new FakeRestCrm(TOKEN);
            }
            Path routes = withExample(dataDir);
            try {
                Files.writeString(routes.resolve("crm-bulkcrm.camel.yaml"), """
                        - route:
                            id: bulkcrm-map-contact
                            from:
                              uri: direct:bulkcrm-map-contact
                              steps:
                                - transform:
                                    expression:
                                      jq:
                                        expression: ".contact | {name: .lastName, phone: .phones[0].value}"
                        - templatedRoute:
                            routeTemplateRef: rest-crm-writer
                            routeId: bulkcrm-contact-writer
                            parameters:
                              - {name: target, value: bulkcrm}
                              - {name: kind, value: contact}
                              - {name: mapping, value: "direct:bulkcrm-map-contact"}
                              - {name: baseUrl, value: "%s"}
                              - {name: authHeader, value: x-api-token}
                              - {name: authValue, value: "%s"}
                              - {name: upsert, value: bulk}
                              - {name: upsertPath, value: /bulk/people}
                              - {name: batchSize, value: "25"}
                        """.formatted(pipedrive.baseUrl(), TOKEN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
            properties.put("crm.targets", "bulkcrm");
        }

        @Test
        void aBurstOfContactsGoesInBatchesOfTheConfiguredSizeEachKeyedByItsQuoId() {
            int contacts = 60;
            for (int i = 0; i < contacts; i++) {
                assertThat(postBeta(io.quocrmbridge.support.SalesforceTestSupport.contactEvent(i,
                        "bulk" + i + "@acme.example")).statusCode(), equalTo(202));
            }
            awaitQuiet();
            assertThat(pipedrive.records("people").size(), equalTo(contacts));
            assertThat(pipedrive.records("people").get("CTburst7").path("name").asText(), equalTo("Person7"));
            List<Integer> sizes = pipedrive.served().stream().filter(s -> s.path().equals("/bulk/people"))
                    .map(s -> s.json().size()).toList();
            assertThat(sizes.stream().allMatch(size -> size <= 25), equalTo(true));
            assertThat("batched: " + sizes, sizes.size() < contacts / 2, equalTo(true));
            assertThat(count("SELECT COUNT(*) FROM outcome_journal WHERE target = 'bulkcrm' AND outcome = 'written'"),
                    equalTo((long) contacts));
        }
    }
}
