package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.observe.LogMasking;
import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * A contact name with a line break in it, posted as a real webhook, through everything the bridge logs about it
 * (the intake, dispatch, the dry-run request line, and Camel's tracer, which prints the canonical records as they
 * are): it never starts a log line of its own, and with personal data masked (the default) it is not in the log.
 */
class WebhookValuesInLogsTest extends BridgeTestSupport {

    private static final String INJECTED = "Zelda\r\n2026-04-13 12:00:00.000 INFO  [main] Dispatcher - FAKE LINE";

    @Override
    protected void bridgeProperties(Properties properties) {
        // Camel's tracer prints the canonical records' toString, where the name is not JSON-escaped
        properties.put("bridge.trace", "true");
    }

    private static String contact(String eventId, String contactId) {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(event, "/id", eventId);
        Fixtures.with(event, "/data/resource/id", contactId);
        Fixtures.with(event, "/data/resource/firstName", INJECTED);
        Fixtures.with(event, "/data/resource/lastName", "Quixote");
        Fixtures.with(event, "/data/resource/company", "Zorblax Plumbing");
        return Fixtures.write(event);
    }

    private List<String> postAndCapture(String body) {
        try (LogCapture log = LogCapture.written()) {
            assertThat(postBeta(body).statusCode(), equalTo(202));
            awaitQuiet();
            return log.messages();
        }
    }

    private static List<String> about(List<String> lines, String contactId) {
        return lines.stream().filter(line -> line.contains(contactId)).toList();
    }

    @Test
    void aContactNameWithALineBreakIsMaskedAndNeverStartsALogLine() {
        List<String> lines = postAndCapture(contact("EVlogInjection1", "CTlogInjection1"));

        List<String> aboutContact = about(lines, "CTlogInjection1");
        assertThat("the Salesforce request (dry-run) is shown without the person", aboutContact,
                hasItem(containsString("\"FirstName\":\"Z***\"")));
        assertThat("the tracer shows the canonical contact without the person", aboutContact,
                hasItem(containsString("firstName=Z***, lastName=Q***, company=Z***")));
        assertThat(lines, everyItem(not(containsString("Zelda"))));
        assertThat(lines, everyItem(not(containsString("Quixote"))));
        assertThat(lines, everyItem(not(containsString("Zorblax"))));
        assertThat(lines, everyItem(not(containsString("FAKE LINE"))));
        assertThat("no line about the contact has a line break", aboutContact,
                everyItem(not(org.hamcrest.Matchers.matchesPattern("(?s).*[\r\n].*"))));
    }

    @Test
    void withPersonalDataShownTheNameIsWrittenEscapedOnItsOwnLine() {
        List<String> lines;
        LogMasking.setMaskPii(false);
        try {
            lines = postAndCapture(contact("EVlogInjection2", "CTlogInjection2"));
        } finally {
            LogMasking.setMaskPii(true);
        }

        List<String> aboutContact = about(lines, "CTlogInjection2");
        String escaped = "Zelda\\r\\n2026-04-13 12:00:00.000 INFO  [main] Dispatcher - FAKE LINE";
        // the tracer prints the record's toString, where the name is not JSON-escaped (Camel drops its LFs, not
        // its CRs): the CR is escaped as the line is written
        assertThat("the tracer's record is escaped as it is written", aboutContact, hasItem(allOf(
                containsString("firstName=Zelda\\r"), containsString("FAKE LINE, lastName=Quixote"))));
        assertThat(aboutContact, hasItem(containsString("\"FirstName\":\"" + escaped + "\"")));
        assertThat("no line about the contact has a line break", aboutContact,
                everyItem(not(org.hamcrest.Matchers.matchesPattern("(?s).*[\r\n].*"))));
        assertThat("nothing written starts a line with the injected text", lines,
                everyItem(not(org.hamcrest.Matchers.matchesPattern("(?s).*[\r\n]2026-04-13 12:00:00.000 INFO.*"))));
    }
}
