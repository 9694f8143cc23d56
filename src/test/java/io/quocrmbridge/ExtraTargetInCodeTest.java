package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.FakeRestCrm;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A CRM target added "in code" from the parts README's recipe names and nothing else: a planner class
 * ({@link io.quocrmbridge.support.MiniCrm}), a route file with its mapping route, its send route, the planner bound as
 * a bean and one crm-writer instance, and its settings. No writer scaffolding is copied.
 */
class ExtraTargetInCodeTest extends BridgeTestSupport {

    private static final String TOKEN = "minicrm-test-token-0001";
    private static FakeRestCrm minicrm;

    static final String ROUTE_FILE = """
            - beans:
                - name: miniCrm
                  type: "#class:io.quocrmbridge.support.MiniCrm"
            - route:
                id: minicrm-map-contact
                from:
                  uri: direct:minicrm-map-contact
                  steps:
                    - transform:
                        expression:
                          jq:
                            expression: ".contact | {name: ([.firstName, .lastName] | join(\\" \\")), phone: .phones[0].value}"
            - route:
                id: minicrm-send
                from:
                  uri: direct:minicrm-send
                  steps:
                    - setHeader:
                        name: x-api-token
                        expression:
                          constant:
                            expression: "{{minicrm.token}}"
                    - to:
                        uri: "{{minicrm.url}}"
                    - removeHeader:
                        name: x-api-token
            - templatedRoute:
                routeTemplateRef: crm-writer
                routeId: minicrm-contact-writer
                parameters:
                  - {name: target, value: minicrm}
                  - {name: kind, value: contact}
                  - {name: planner, value: miniCrm}
                  - {name: mapping, value: "direct:minicrm-map-contact"}
                  - {name: send, value: "direct:minicrm-send"}
            """;

    @Override
    protected void bridgeProperties(Properties properties) {
        if (minicrm == null) {
            minicrm = new FakeRestCrm(TOKEN);
        }
        Path routes = RestCrmTargetTest.withExample(dataDir);
        try {
            Files.writeString(routes.resolve("crm-minicrm.camel.yaml"), ROUTE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        properties.put("crm.targets", "minicrm");
        properties.put("minicrm.url", minicrm.baseUrl());
        properties.put("minicrm.token", TOKEN);
    }

    @AfterAll
    static void stopMiniCrm() {
        minicrm.close();
    }

    @Test
    void aTargetBuiltFromItsPartsWritesContactsAndJournalsTheCrmId() {
        assertThat(postLegacy(Fixtures.text("legacy-v4/contact.updated.json")).statusCode(), equalTo(202));
        awaitQuiet();
        var people = minicrm.records("people");
        assertThat(people.size(), equalTo(1));
        var person = people.values().iterator().next();
        assertThat(person.path("name").asText(), equalTo("Marisol Ortega"));
        assertThat(person.path("phone").asText(), equalTo("+13125550123"));
        assertThat(rows("SELECT outcome, crm_id FROM outcome_journal WHERE target = 'minicrm' AND outcome <> 'queued'"),
                equalTo(List.of(List.of("created", person.path("id").asText()))));
    }
}
