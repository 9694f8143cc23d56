package io.quocrmbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quocrmbridge.BridgeApplication;
import io.quocrmbridge.store.Database;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.awaitility.Awaitility;

/**
 * Runs the bridge in-process through Camel Main, exactly as {@code java -jar} does: the repository's
 * application.properties and routes/*.camel.yaml, with only ports, the data directory, the signing secrets and the
 * test's own settings overridden. Gives tests an HTTP client for both ports and a view of the store.
 */
public abstract class BridgeTestSupport extends CamelMainTestSupport {

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected int httpPort;
    protected int managementPort;
    protected Path dataDir;

    @Override
    protected Class<?> getMainClass() {
        return BridgeApplication.class;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return BridgeApplication.propertiesLocation();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        httpPort = AvailablePortFinder.getNextAvailable();
        managementPort = AvailablePortFinder.getNextAvailable();
        try {
            dataDir = Files.createTempDirectory("bridge-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("http.port", Integer.toString(httpPort));
        properties.put("management.port", Integer.toString(managementPort));
        properties.put("bridge.host", "127.0.0.1");
        properties.put("bridge.data-dir", dataDir.toString());
        properties.put("quo.webhook.secrets", WebhookSigner.LEGACY_KEY + "," + WebhookSigner.BETA_SECRET);
        properties.put("crm.writer.poll-ms", "50");
        properties.put("crm.batch.max-wait-ms", "100");
        properties.put("bridge.dispatch.sweep-interval", "1s");
        bridgeProperties(properties);
        return properties;
    }

    /** Test-specific settings, on top of the repository's application.properties. */
    protected void bridgeProperties(Properties properties) {
    }

    // -------------------------------------------------------------------------------------- HTTP

    public HttpResponse<String> post(String body, Map<String, String> headers) {
        return post(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/quo"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Posts a body signed with the legacy scheme now. */
    public HttpResponse<String> postLegacy(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, WebhookSigner.legacyHeaders(WebhookSigner.LEGACY_KEY, bytes));
    }

    /** Posts a body signed with the beta (Standard Webhooks) scheme now, under a fresh webhook-id. */
    public HttpResponse<String> postBeta(String body) {
        return postBeta(body, "msg_" + UUID.randomUUID());
    }

    public HttpResponse<String> postBeta(String body, String webhookId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, WebhookSigner.standardHeaders(WebhookSigner.BETA_SECRET, webhookId, bytes));
    }

    /** Posts a webhook body signed with the scheme of its plane (legacy envelope, or beta). */
    public HttpResponse<String> postEvent(com.fasterxml.jackson.databind.JsonNode event) {
        String body = Fixtures.write(event);
        return CallEvents.legacy(event) ? postLegacy(body) : postBeta(body);
    }

    public HttpResponse<String> management(String method, String path) {
        return management(method, path, Map.of());
    }

    public HttpResponse<String> management(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // -------------------------------------------------------------------------------------- store

    protected Database database() {
        return context.getRegistry().lookupByNameAndType("database", Database.class);
    }

    /** Rows of a query as lists of column values. */
    public List<List<Object>> rows(String sql, Object... args) {
        try (Connection connection = database().dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... args) {
        return ((Number) rows(sql, args).get(0).get(0)).longValue();
    }

    /** Waits until nothing is waiting: every stored event dispatched and every queued record sent or settled. */
    public void awaitQuiet() {
        try {
            Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() ->
                    count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('PENDING', 'PROCESSING')") == 0
                            && count("SELECT COUNT(*) FROM crm_outbox WHERE status = 'PENDING'") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the bridge did not go quiet: inbox "
                    + rows("SELECT status, COUNT(*) FROM inbox_event GROUP BY status") + ", outbox "
                    + rows("SELECT status, COUNT(*), MIN(next_attempt_at), MAX(attempts), MAX(claimed_until), "
                    + "MAX(last_error) FROM crm_outbox GROUP BY status"), e);
        }
    }

    /** The outcomes journaled for an event, as "target:outcome" strings in order. */
    public List<String> outcomes(String eventId) {
        List<String> outcomes = new ArrayList<>();
        for (List<Object> row : rows("SELECT target, outcome FROM outcome_journal WHERE event_id = ? ORDER BY id", eventId)) {
            outcomes.add(row.get(0) + ":" + row.get(1));
        }
        return outcomes;
    }
}
