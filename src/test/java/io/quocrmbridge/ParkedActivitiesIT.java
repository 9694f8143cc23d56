package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.quocrmbridge.support.BridgeProcess;
import io.quocrmbridge.support.Fixtures;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A store from before activities were written: call and text events stored and parked. When the bridge starts with
 * activity routes, those events are dispatched and written; an event of a type the bridge still doesn't know stays
 * parked.
 */
class ParkedActivitiesIT {

    @Test
    void callAndTextEventsParkedByAnEarlierVersionAreWrittenWhenTheBridgeStarts() throws Exception {
        Path dir = BridgeProcess.workDir("parked-activities");
        Path data = dir.resolve("data");
        // the store exists (its schema is current); then events are parked in it, as an earlier version parked them
        new BridgeProcess(data, dir.resolve("bridge.log")).start().close();
        String url = "jdbc:h2:file:" + data.resolve("bridge") + ";WRITE_DELAY=0";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            park(connection, "legacy-v4/call.completed.answered-incoming.json", "webhook-legacy");
            park(connection, "legacy-v4/call.summary.completed.json", "webhook-legacy");
            park(connection, "beta/message.received.json", "webhook-beta");
            park(connection, "unknown/conversation.archived.json", "webhook-beta");
        }

        Path dryRun = data.resolve("dry-run.jsonl");
        try (BridgeProcess bridge = new BridgeProcess(data, dir.resolve("bridge.log")).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(dryRun)
                    && Files.readString(dryRun).contains("AC9d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a")
                    && Files.readString(dryRun).contains("AC8e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b")
                    && bridge.metric("bridge_inbox_pending") == 0 && bridge.metric("bridge_outbox_pending") == 0);
            String requests = Files.readString(dryRun);
            assertThat(requests, containsString("\"Subject\":\"Inbound call from +13125550123 (answered)\""));
            assertThat(requests, containsString("Summary:\\n- Caller wants quarterly maintenance"));
            assertThat(bridge.log(), containsString("3 call and text event(s) stored before activities were written "
                    + "are dispatched now"));
            assertThat(bridge.metric("bridge_inbox_parked"), equalTo(1.0));
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT event_type FROM inbox_event WHERE status = 'PARKED'");
             ResultSet rs = query.executeQuery()) {
            assertThat(rs.next(), equalTo(true));
            assertThat(rs.getString(1), equalTo("conversation.archived"));
            assertThat(rs.next(), equalTo(false));
        }
    }

    private static void park(Connection connection, String fixture, String source) throws Exception {
        var body = Fixtures.json(fixture);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO inbox_event (event_id, delivery_id, source, event_type, received_at, status, body, "
                        + "finished_at) VALUES (?, NULL, ?, ?, ?, 'PARKED', ?, ?)")) {
            insert.setString(1, body.path("id").asText());
            insert.setString(2, source);
            insert.setString(3, body.path("type").asText());
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.setString(5, Fixtures.write(body));
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }
}
