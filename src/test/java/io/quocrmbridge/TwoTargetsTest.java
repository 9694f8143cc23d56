package io.quocrmbridge;

import static io.quocrmbridge.support.SalesforceTestSupport.contactEvent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.CallEvents;
import io.quocrmbridge.support.FakeHubSpot;
import io.quocrmbridge.support.FakeSalesforce;
import io.quocrmbridge.support.HubSpotTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * CRM_TARGETS=salesforce,hubspot: every event goes to both, each target with its own version gate, queue, retries and
 * dead letters. One target down for a while holds nothing back at the other, and after it recovers both hold exactly
 * the same records, each written once.
 */
class TwoTargetsTest extends BridgeTestSupport {

    private static FakeSalesforce salesforce;
    private static FakeHubSpot hubspot;

    @Override
    protected void bridgeProperties(Properties properties) {
        if (salesforce == null) {
            salesforce = new FakeSalesforce();
            hubspot = new FakeHubSpot(HubSpotTestSupport.TOKEN);
        }
        properties.put("crm.targets", "salesforce,hubspot");
        properties.put("salesforce.login-url", salesforce.baseUrl());
        properties.put("salesforce.client-id", "test-client-id");
        properties.put("salesforce.client-secret", "test-client-secret-value");
        properties.put("hubspot.base-url", hubspot.baseUrl());
        properties.put("hubspot.token", HubSpotTestSupport.TOKEN);
        properties.put("hubspot.rate-limit", "1000");
        // a target down for a while is retried with backoff, well within the attempts it has
        properties.put("crm.retry.max-attempts", "40");
        properties.put("crm.retry.initial-delay-ms", "100");
        properties.put("crm.retry.max-delay-ms", "500");
    }

    @AfterAll
    static void stopCrms() {
        salesforce.close();
        hubspot.close();
    }

    @Test
    void oneTargetDownHoldsNothingBackAtTheOtherAndBothEndWithTheSameRecords() {
        hubspot.down(true);
        int contacts = 30;
        for (int i = 0; i < contacts; i++) {
            assertThat(postBeta(contactEvent(i, "both" + i + "@acme.example")).statusCode(), equalTo(202));
        }
        int calls = 5;
        for (int i = 0; i < calls; i++) {
            ObjectNode call = CallEvents.forCall("legacy-v4/call.completed.answered-incoming.json", "ACboth" + i,
                    "EVboth" + i);
            assertThat(postEvent(call).statusCode(), equalTo(202));
        }

        // Salesforce has everything while HubSpot is still down
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> salesforce.contacts().size() == contacts
                && salesforce.records("Task").size() == calls);
        assertThat(hubspot.contacts().size(), equalTo(0));
        assertThat("HubSpot's work is waiting", count("SELECT COUNT(*) FROM crm_outbox WHERE target = 'hubspot' "
                + "AND status = 'PENDING'"), greaterThan(0L));

        hubspot.down(false);
        awaitQuiet();

        Set<String> inSalesforce = new TreeSet<>(salesforce.contacts().keySet());
        Set<String> inHubSpot = new TreeSet<>(hubspot.contacts().keySet());
        assertThat(inHubSpot, equalTo(inSalesforce));
        assertThat(inSalesforce.size(), equalTo(contacts));
        for (String key : inSalesforce) {
            assertThat(key + " once in Salesforce", salesforce.creations(key), equalTo(1));
            assertThat(key + " once in HubSpot", hubspot.creations("contacts", key), equalTo(1));
        }
        Set<String> tasks = new TreeSet<>(salesforce.records("Task").keySet());
        Set<String> hubspotCalls = new TreeSet<>();
        hubspot.objects("calls").values().forEach(call -> hubspotCalls.add(call.path("objectWriteTraceId").asText()));
        assertThat(hubspotCalls, equalTo(tasks));
        for (String call : tasks) {
            assertThat(call + " once in HubSpot", hubspot.creations("calls", call), equalTo(1));
        }
        assertThat(rows("SELECT target, record_key FROM dead_letter"), empty());
        assertThat(hubspot.contractViolations(), empty());
    }
}
