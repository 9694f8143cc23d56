package io.quocrmbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.quo.ContactPoll;
import io.quocrmbridge.support.FakeQuo;
import io.quocrmbridge.support.LogCapture;
import io.quocrmbridge.support.PollingTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Contacts the bridge wrote that Quo no longer lists, over three complete scans: five contacts disappear before the
 * second, one more before the third. Each is reported once, and its deletion (QUO_POLL_APPLY_DELETIONS=true) queued
 * and written once, under the dry-run target (which stores no CRM ids) as under Salesforce.
 */
class ContactsMissingInQuoTest {

    private static final int CONTACTS = 60;
    private static final List<String> FIRST_GONE = List.of("CTpoll10", "CTpoll11", "CTpoll12", "CTpoll13", "CTpoll14");
    private static final String THEN_GONE = "CTpoll20";

    abstract static class ThreeScans extends PollingTestSupport {
        LogCapture log;

        @Override
        protected void contactsBeforeStart(FakeQuo quo) {
            quo.addContacts(CONTACTS);
        }

        @BeforeEach
        void captureLog() {
            log = LogCapture.of(ContactPoll.class);
        }

        @AfterEach
        void releaseLog() {
            log.close();
        }

        /** The backfill; five contacts deleted in Quo, a scan; one more deleted, a third scan. */
        void threeScans() {
            awaitScanComplete(1);
            for (int i = 10; i < 15; i++) {
                quo.delete(i);
            }
            management("POST", "/admin/poll/contacts");
            awaitScanComplete(2);
            quo.delete(20);
            management("POST", "/admin/poll/contacts");
            awaitScanComplete(3);
        }

        /** The missing-in-quo journal lines of scan {@code scan}, by record key. */
        List<String> journaledMissing(int scan) {
            return rows("SELECT record_key FROM outcome_journal WHERE outcome = 'missing-in-quo' AND event_id = ? "
                    + "ORDER BY record_key", "poll-scan:" + scan).stream().map(row -> (String) row.get(0)).toList();
        }

        /** The warning of scan {@code scan} about contacts newly missing in Quo, or "" when there was none. */
        String missingWarning(int scan) {
            return log.messages().stream().filter(m -> m.startsWith("contact scan #" + scan + ": ")
                    && m.contains("no longer in Quo (deleted there")).findFirst().orElse("");
        }

        String gauge() {
            return management("GET", "/observe/metrics").body().lines()
                    .filter(line -> line.startsWith("bridge_poll_contacts_missing_in_quo ")).findFirst().orElse("");
        }

        /** Deletions and flags queued for the target, per record key: how many, and how many were written. */
        Map<String, String> deletionWork() {
            Map<String, String> work = new TreeMap<>();
            for (List<Object> row : rows("SELECT record_key, COUNT(*), "
                    + "SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END) FROM crm_outbox WHERE operation <> 'upsert' "
                    + "GROUP BY record_key")) {
                work.put((String) row.get(0), row.get(1) + " queued, " + row.get(2) + " written");
            }
            return work;
        }

        long deletionEvents() {
            return count("SELECT COUNT(*) FROM inbox_event WHERE event_type = 'contact.missing-in-quo'");
        }

        long gone() {
            return count("SELECT COUNT(*) FROM crm_record_version WHERE record_kind = 'contact' "
                    + "AND gone_at IS NOT NULL");
        }

        void assertReportedOnceEach() {
            assertThat(journaledMissing(2), equalTo(FIRST_GONE));
            assertThat(journaledMissing(3), equalTo(List.of(THEN_GONE)));
            assertThat(missingWarning(2), containsString("5 more contact(s)"));
            assertThat(missingWarning(3), containsString("1 more contact(s) written to a CRM are no longer in Quo"));
            assertThat(missingWarning(3), containsString("e.g. [" + THEN_GONE + "]"));
        }
    }

    /** Reported, never applied: every scan counts all missing contacts, and names only the new ones. */
    abstract static class ReportOnly extends ThreeScans {
        @Test
        void eachMissingContactIsReportedOnceWhileTheGaugeCountsAllOfThem() throws Exception {
            threeScans();

            assertReportedOnceEach();
            assertThat(missingWarning(3), containsString("6 missing in all"));
            assertThat(gauge(), equalTo("bridge_poll_contacts_missing_in_quo 6.0"));
            assertThat(deletionEvents(), equalTo(0L));
            assertThat(deletionWork(), equalTo(Map.of()));
            assertThat(gone(), equalTo(0L));
            assertTargetUntouched();
        }

        /** The target received no deletion and no flag. */
        abstract void assertTargetUntouched() throws Exception;
    }

    /** Applied: each missing contact's deletion is queued and written once, and a gone contact is missing no more. */
    abstract static class DeletionsApplied extends ThreeScans {
        abstract String operation();

        @Test
        void eachMissingContactsDeletionIsQueuedAndWrittenOnce() throws Exception {
            threeScans();

            assertReportedOnceEach();
            assertThat(missingWarning(3), containsString("1 missing in all"));
            assertThat(log.messages(), hasItem("contact scan #3: CONTACT_DELETE_POLICY queued for 1 contact(s) no "
                    + "longer in Quo"));
            assertThat(rows("SELECT event_id FROM inbox_event WHERE event_type = 'contact.missing-in-quo' "
                    + "ORDER BY event_id").toString(), equalTo("[[poll-missing:CTpoll10:2], [poll-missing:CTpoll11:2], "
                    + "[poll-missing:CTpoll12:2], [poll-missing:CTpoll13:2], [poll-missing:CTpoll14:2], "
                    + "[poll-missing:CTpoll20:3]]"));
            Map<String, String> once = new TreeMap<>();
            FIRST_GONE.forEach(key -> once.put(key, "1 queued, 1 written"));
            once.put(THEN_GONE, "1 queued, 1 written");
            assertThat(deletionWork(), equalTo(once));
            assertThat(rows("SELECT DISTINCT operation FROM crm_outbox WHERE operation <> 'upsert'").toString(),
                    equalTo("[[" + operation() + "]]"));
            assertThat(gone(), equalTo(6L));
            assertThat(count("SELECT COUNT(*) FROM dead_letter"), equalTo(0L));
            assertWrittenOnceEach();
        }

        /** What the target itself received: one deletion or flag for each of the six contacts. */
        abstract void assertWrittenOnceEach() throws Exception;
    }

    @Nested
    class DryRunReportOnly extends ReportOnly {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("crm.targets", "dry-run");
            properties.put("contact.delete-policy", "flag");
        }

        @Override
        void assertTargetUntouched() throws Exception {
            assertThat(dryRunFlags(dataDir), equalTo(Map.of()));
        }
    }

    @Nested
    class DryRunDeletionsApplied extends DeletionsApplied {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("crm.targets", "dry-run");
            properties.put("quo.poll.apply-deletions", "true");
            properties.put("contact.delete-policy", "flag");
        }

        @Override
        String operation() {
            return "flag-deleted";
        }

        @Override
        void assertWrittenOnceEach() throws Exception {
            Map<String, Integer> flagged = dryRunFlags(dataDir);
            Map<String, Integer> once = new TreeMap<>();
            FIRST_GONE.forEach(key -> once.put(key, 1));
            once.put(THEN_GONE, 1);
            assertThat(flagged, equalTo(once));
        }
    }

    @Nested
    class SalesforceReportOnly extends ReportOnly {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("contact.delete-policy", "delete");
        }

        @Override
        void assertTargetUntouched() {
            assertThat(salesforce.contacts().size(), equalTo(CONTACTS));
            salesforce.wireMock().verify(0, deleteRequestedFor(urlPathMatching("/services/data/.*")));
        }
    }

    @Nested
    class SalesforceDeletionsApplied extends DeletionsApplied {
        @Override
        protected void pollingProperties(Properties properties) {
            properties.put("quo.poll.apply-deletions", "true");
            properties.put("contact.delete-policy", "delete");
        }

        @Override
        String operation() {
            return "delete";
        }

        @Override
        void assertWrittenOnceEach() {
            for (String key : FIRST_GONE) {
                salesforce.wireMock().verify(1, deleteRequestedFor(urlEqualTo(path(key))));
                assertThat(salesforce.record(key), nullValue());
            }
            salesforce.wireMock().verify(1, deleteRequestedFor(urlEqualTo(path(THEN_GONE))));
            assertThat(salesforce.record(THEN_GONE), nullValue());
            assertThat(salesforce.contacts().size(), equalTo(CONTACTS - 6));
        }
    }

    /** The contacts flagged deleted in the dry-run file (the requests Salesforce would get), with how often. */
    static Map<String, Integer> dryRunFlags(Path dataDir) throws Exception {
        Map<String, Integer> flagged = new TreeMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("dry-run.jsonl"))) {
            JsonNode request = Json.parse(line);
            JsonNode body = request.path("body");
            Iterable<JsonNode> records = body.has("records") ? body.get("records") : List.of(body);
            for (JsonNode record : records) {
                if (record.path("Quo_Deleted__c").asBoolean()) {
                    String path = request.get("path").asText();
                    String key = record.has("Quo_Contact_Id__c") ? record.get("Quo_Contact_Id__c").asText()
                            : path.substring(path.lastIndexOf('/') + 1);
                    flagged.merge(key, 1, Integer::sum);
                }
            }
        }
        return flagged;
    }

    static String path(String key) {
        return "/services/data/v61.0/sobjects/Contact/Quo_Contact_Id__c/" + key;
    }
}
