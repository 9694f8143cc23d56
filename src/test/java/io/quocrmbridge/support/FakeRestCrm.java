package io.quocrmbridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A Pipedrive-shaped REST CRM for the REST target template's tests (shapes of Pipedrive's API v2: {@code POST
 * /api/v2/<collection>} creates and answers {@code {"success": true, "data": {"id": <number>, ...}}}, {@code PATCH
 * /api/v2/<collection>/<id>} updates, {@code DELETE} deletes, 404 for an unknown id, the API token in the
 * {@code x-api-token} header, 401 without it), plus a bulk upsert as other REST CRMs offer it ({@code PUT
 * /bulk/<collection>} with a JSON array, each record keyed by its {@code externalId}). Keeps the records in memory and
 * every request it served.
 */
public final class FakeRestCrm implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern COLLECTION = Pattern.compile("/api/v2/([a-z]+)");
    private static final Pattern ONE = Pattern.compile("/api/v2/([a-z]+)/(\\d+)");
    private static final Pattern BULK = Pattern.compile("/bulk/([a-z]+)");

    /** One request as served. */
    public record Served(String method, String path, int status, String body) {

        public JsonNode json() {
            return Fixtures.parse(body);
        }
    }

    private final String token;
    private final WireMockServer server;
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
    private final List<Served> served = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private int failNext;
    private int failStatus;

    public FakeRestCrm(String token) {
        this.token = token;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Crm()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The records of a collection (persons, activities), by id. */
    public synchronized Map<String, ObjectNode> records(String collection) {
        return Map.copyOf(records.getOrDefault(collection, Map.of()));
    }

    public synchronized List<Served> served() {
        return List.copyOf(served);
    }

    /** The next {@code count} requests answer {@code status} (and change nothing). */
    public synchronized void failNext(int count, int status) {
        failNext = count;
        failStatus = status;
    }

    @Override
    public void close() {
        server.stop();
    }

    private record Answer(int status, JsonNode body) {
    }

    private synchronized Answer answer(String method, String path, String apiToken, String body) {
        if (!token.equals(apiToken)) {
            return new Answer(401, error("Unauthorized"));
        }
        if (failNext > 0) {
            failNext--;
            return new Answer(failStatus, error("failure injected by the test"));
        }
        Matcher m;
        if (method.equals("PUT") && (m = BULK.matcher(path)).matches()) {
            // a bulk upsert by each record's externalId, as many REST CRMs offer
            Map<String, ObjectNode> collection = records.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>());
            for (JsonNode record : Fixtures.parse(body)) {
                collection.merge(record.path("externalId").asText(), (ObjectNode) record.deepCopy(),
                        (old, update) -> old.setAll(update));
            }
            return new Answer(200, MAPPER.createObjectNode().put("success", true));
        }
        if (method.equals("POST") && (m = COLLECTION.matcher(path)).matches()) {
            ObjectNode record = (ObjectNode) Fixtures.parse(body);
            String id = Long.toString(ids.incrementAndGet());
            record.put("id", Long.parseLong(id));
            records.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(id, record);
            return new Answer(201, data(record));
        }
        if ((m = ONE.matcher(path)).matches()) {
            ObjectNode record = records.getOrDefault(m.group(1), Map.of()).get(m.group(2));
            if (record == null) {
                return new Answer(404, error("Not found"));
            }
            if (method.equals("PATCH")) {
                record.setAll((ObjectNode) Fixtures.parse(body));
                return new Answer(200, data(record));
            }
            if (method.equals("DELETE")) {
                records.get(m.group(1)).remove(m.group(2));
                return new Answer(200, data(MAPPER.createObjectNode().put("id", Long.parseLong(m.group(2)))));
            }
        }
        return new Answer(404, error("Not found"));
    }

    private static JsonNode data(ObjectNode record) {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("success", true);
        answer.set("data", record.deepCopy());
        return answer;
    }

    private static JsonNode error(String message) {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("success", false);
        answer.put("error", message);
        return answer;
    }

    private final class Crm implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-rest-crm";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String path = request.getUrl().split("\\?", 2)[0];
            String body = request.getBodyAsString();
            Answer answer = answer(request.getMethod().getName(), path, request.getHeader("x-api-token"), body);
            synchronized (FakeRestCrm.this) {
                served.add(new Served(request.getMethod().getName(), path, answer.status(), body));
            }
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                    .withStatus(answer.status()).withHeader("Content-Type", "application/json")
                    .withBody(answer.body().toString()).build();
        }
    }
}
