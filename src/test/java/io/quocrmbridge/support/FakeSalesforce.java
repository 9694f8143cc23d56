package io.quocrmbridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A Salesforce-shaped local server (WireMock) for camel-salesforce's own client: the OAuth token endpoint and the
 * REST calls the bridge makes, over an in-memory org. It answers as Salesforce does (shapes from the Salesforce REST
 * API docs summarised in reference/crm/NOTES.md): upsert by external ID (201 created / 200 updated with
 * {@code {id, success, errors, created}}), sObject Collections upsert (one result per record, in order, per-record
 * errors), delete by external ID (204, 404 NOT_FOUND), errors as {@code [{message, errorCode, fields}]}, and a
 * {@code Sforce-Limit-Info} header on every reply. It enforces the rules the bridge must respect: LastName
 * required on create, no Id or external-ID field in an upsert body, at most 200 records per collection call, and a
 * valid e-mail address (so tests can make one record of a batch fail). {@link #failRandomly} makes a share of its
 * REST calls fail with 500 or 503, as a flaky org does (the soak benchmark).
 */
public final class FakeSalesforce implements AutoCloseable {

    public static final String ORG_ID = "00D000000000001AAA";
    public static final String USER_ID = "005000000000001AAA";
    public static final String EXTERNAL_ID_FIELD = "Quo_Contact_Id__c";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SINGLE = Pattern.compile("/services/data/v[0-9.]+/sobjects/(\\w+)/(\\w+)/(.+)");
    private static final Pattern COLLECTION = Pattern.compile("/services/data/v[0-9.]+/composite/sobjects/(\\w+)/(\\w+)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern QUERY = Pattern.compile("/services/data/v[0-9.]+/query/?");
    private static final Pattern INSERT = Pattern.compile("/services/data/v[0-9.]+/composite/sobjects/?");
    private static final Map<String, String> ID_PREFIX = Map.of("Contact", "003", "Lead", "00Q", "Task", "00T",
            "TaskRelation", "0RT", "User", "005");

    private final WireMockServer server;
    private final boolean requestLog;
    private final Map<String, Map<String, ObjectNode>> objects = new ConcurrentHashMap<>();
    /** Every record by its Salesforce Id (the WhoId, TaskId and RelationId checks). */
    private final Map<String, ObjectNode> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writesPerKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> createsPerKey = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger injectedFailures = new AtomicInteger();
    private volatile double randomFailureShare;
    private java.util.Random random = new java.util.Random();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile int latencyMillis;
    private volatile int apiLimit = 15000;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final List<ObjectNode> relations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long lastWriteNanos;
    private final AtomicLong clock = new AtomicLong(java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    private record Failure(int status, String body) {
    }

    public FakeSalesforce() {
        this(0);
    }

    public FakeSalesforce(int port) {
        this(port, true);
    }

    /**
     * A fake org on {@code port} (0: any free one). Without {@code requestLog} WireMock keeps no request journal (a
     * long run's requests would fill the memory), so {@link #upsertRequests} and {@link #upserts} are not available,
     * and {@link #queries} stays empty.
     */
    public FakeSalesforce(int port, boolean requestLog) {
        this.requestLog = requestLog;
        var options = options().port(port).bindAddress("127.0.0.1").containerThreads(32).extensions(new Org());
        server = new WireMockServer(requestLog ? options : options.disableRequestJournal());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public WireMockServer wireMock() {
        return server;
    }

    /** Forgets every record, counter, queued failure and logged request: a fresh org for the next test. */
    public synchronized void reset() {
        objects.clear();
        byId.clear();
        users.clear();
        relations.clear();
        queries.clear();
        writesPerKey.clear();
        createsPerKey.clear();
        apiCalls.set(0);
        logins.set(0);
        injectedFailures.set(0);
        failures.clear();
        randomFailureShare = 0;
        latencyMillis = 0;
        server.resetRequests();
    }

    /** Every reply waits this long first (a remote Salesforce's latency). */
    public void latency(int millis) {
        this.latencyMillis = millis;
    }

    /** The next {@code count} REST calls (not logins) answer with this status and body instead of being applied. */
    public synchronized void failNext(int count, int status, String body) {
        for (int i = 0; i < count; i++) {
            failures.add(new Failure(status, body));
        }
    }

    /**
     * From now on, each REST call (not a login) fails with this probability, instead of being applied: half of the
     * failures answer 500 UNKNOWN_EXCEPTION, half 503 SERVER_UNAVAILABLE, as Salesforce does when it has trouble.
     * Failures queued with {@link #failNext} come first. The choices follow {@code seed}.
     */
    public synchronized void failRandomly(double share, long seed) {
        random = new java.util.Random(seed);
        randomFailureShare = share;
    }

    /** REST calls {@link #failRandomly} made fail. */
    public int injectedFailures() {
        return injectedFailures.get();
    }

    /** The record stored under an external id value, or null. */
    public ObjectNode record(String externalId) {
        return objects.getOrDefault("Contact", Map.of()).get(externalId);
    }

    public Map<String, ObjectNode> contacts() {
        return Map.copyOf(objects.getOrDefault("Contact", Map.of()));
    }

    /** How many times a record was written (created or updated) through any call. */
    public int writes(String externalId) {
        AtomicInteger count = writesPerKey.get(externalId);
        return count == null ? 0 : count.get();
    }

    /** How many times a record was created (more than once would be a duplicate record in the CRM). */
    public int creations(String externalId) {
        AtomicInteger count = createsPerKey.get(externalId);
        return count == null ? 0 : count.get();
    }

    /** The record of an sObject stored under an external id value, or null (e.g. a Task by its Quo activity id). */
    public ObjectNode record(String sObject, String externalId) {
        return objects.getOrDefault(sObject, Map.of()).get(externalId);
    }

    /** How many records of an sObject the org holds. */
    public int count(String sObject) {
        return objects.getOrDefault(sObject, Map.of()).size();
    }

    /** Every record of an sObject, by external id value. */
    public Map<String, ObjectNode> records(String sObject) {
        return Map.copyOf(objects.getOrDefault(sObject, Map.of()));
    }

    /**
     * Puts a record into the org as if a person had created it (not through the bridge), e.g. a Contact whose phone
     * is typed in national format; it counts as changed now (LastModifiedDate). Returns its Id.
     */
    public synchronized String put(String sObject, String externalId, ObjectNode fields) {
        ObjectNode record = fields.deepCopy();
        String id = newId(sObject);
        record.put("Id", id);
        record.put("LastModifiedDate", tick());
        ObjectNode replaced = objects.computeIfAbsent(sObject, k -> new ConcurrentHashMap<>()).put(externalId, record);
        if (replaced != null) {
            byId.remove(replaced.path("Id").asText());
        }
        byId.put(id, record);
        return id;
    }

    /** An active Salesforce user with this e-mail address; returns the User's Id. */
    public String addUser(String email) {
        String id = newId("User");
        users.put(email, id);
        return id;
    }

    /** TaskRelation records inserted. */
    public List<ObjectNode> relations() {
        return List.copyOf(relations);
    }

    /** When (System.nanoTime) the last record was written. */
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** One record an upsert request carried: the request's path, the record's external-ID value and its fields. */
    public record Upsert(String path, String externalId, ObjectNode fields) {
    }

    /**
     * The upsert requests of an sObject the org received (PATCH by external ID, one record alone or through sObject
     * Collections), oldest first, from WireMock's request log; whether the org applied them or not.
     */
    public List<LoggedRequest> upsertRequests(String sObject) {
        List<LoggedRequest> upserts = new ArrayList<>();
        for (LoggedRequest request : server.findAll(WireMock.anyRequestedFor(anyUrl()))) {
            String path = request.getUrl().split("\\?")[0];
            Matcher single = SINGLE.matcher(path);
            Matcher collection = COLLECTION.matcher(path);
            if (request.getMethod().getName().equals("PATCH")
                    && (single.matches() && single.group(1).equals(sObject)
                    || collection.matches() && collection.group(1).equals(sObject))) {
                upserts.add(request);
            }
        }
        return upserts;
    }

    /** Every record those requests carried, oldest first (a collection's records in the order sent). */
    public List<Upsert> upserts(String sObject) {
        List<Upsert> upserts = new ArrayList<>();
        for (LoggedRequest request : upsertRequests(sObject)) {
            String path = request.getUrl().split("\\?")[0];
            JsonNode body;
            try {
                body = MAPPER.readTree(request.getBodyAsString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not JSON: " + request.getBodyAsString(), e);
            }
            Matcher single = SINGLE.matcher(path);
            if (single.matches()) {
                upserts.add(new Upsert(path, decode(single.group(3)), (ObjectNode) body));
                continue;
            }
            Matcher collection = COLLECTION.matcher(path);
            collection.matches();
            for (JsonNode record : body.path("records")) {
                ObjectNode fields = ((ObjectNode) record).deepCopy();
                fields.remove("attributes");
                JsonNode key = fields.remove(collection.group(2));
                upserts.add(new Upsert(path, key == null ? null : key.asText(), fields));
            }
        }
        return upserts;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Every write the org received (not logins, queries or limits), oldest first, as method, path and body. */
    public List<CrmRequests.Request> writeRequests() {
        List<CrmRequests.Request> writes = new ArrayList<>();
        for (LoggedRequest request : server.findAll(WireMock.anyRequestedFor(anyUrl()))) {
            String method = request.getMethod().getName();
            if (!method.equals("GET") && request.getUrl().startsWith("/services/data/")) {
                writes.add(CrmRequests.Request.of(method, request.getUrl(), request.getBodyAsString()));
            }
        }
        return writes;
    }

    /** SOQL queries received, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** REST calls answered (upserts, collections, deletes), not counting logins. */
    public int apiCalls() {
        return apiCalls.get();
    }

    public int logins() {
        return logins.get();
    }

    private String newId(String sObject) {
        String prefix = ID_PREFIX.getOrDefault(sObject, "a00");
        return String.format("%s%015d", prefix, ids.incrementAndGet()).substring(0, 18);
    }

    /** A LastModifiedDate one second after the previous one: record changes are strictly ordered. */
    private String tick() {
        return java.time.Instant.ofEpochMilli(clock.addAndGet(1000)).toString().replace("Z", "+0000");
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The org behind every stub. */
    private final class Org implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-salesforce-org";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            sleep();
            String method = event.getRequest().getMethod().getName();
            String path = event.getRequest().getUrl().split("\\?")[0];
            if (path.equals("/services/oauth2/token") && method.equals("POST")) {
                logins.incrementAndGet();
                return token();
            }
            int used = apiCalls.incrementAndGet();
            Failure failure;
            synchronized (FakeSalesforce.this) {
                failure = failures.poll();
                if (failure == null && randomFailureShare > 0 && random.nextDouble() < randomFailureShare) {
                    injectedFailures.incrementAndGet();
                    failure = random.nextBoolean()
                            ? new Failure(500, "[{\"message\":\"An unexpected error occurred. Please include this "
                                    + "ErrorId if you contact support: 1585454787-17032 (-1294958397)\","
                                    + "\"errorCode\":\"UNKNOWN_EXCEPTION\"}]")
                            : new Failure(503, "[{\"message\":\"Server is temporarily unavailable\","
                                    + "\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
                }
            }
            if (failure != null) {
                return json(failure.status(), failure.body(), used);
            }
            try {
                if (QUERY.matcher(path).matches() && method.equals("GET")) {
                    return query(event.getRequest().queryParameter("q").firstValue(), used);
                }
                if (INSERT.matcher(path).matches() && method.equals("POST")) {
                    return insert(event.getRequest().getBodyAsString(), used);
                }
                Matcher collection = COLLECTION.matcher(path);
                if (collection.matches() && method.equals("PATCH")) {
                    return collectionUpsert(collection.group(1), collection.group(2), event.getRequest().getBodyAsString(), used);
                }
                Matcher single = SINGLE.matcher(path);
                if (single.matches() && method.equals("PATCH")) {
                    return upsert(single.group(1), single.group(2), decode(single.group(3)),
                            event.getRequest().getBodyAsString(), used);
                }
                if (single.matches() && method.equals("DELETE")) {
                    return delete(single.group(1), decode(single.group(3)), used);
                }
            } catch (Exception e) {
                return json(400, "[{\"message\":\"" + e.getMessage().replace('"', '\'') + "\",\"errorCode\":\"JSON_PARSER_ERROR\"}]", used);
            }
            return json(404, "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]", used);
        }

        private ResponseDefinition token() {
            ObjectNode token = MAPPER.createObjectNode();
            token.put("access_token", "00D000000000001!fake-access-token");
            token.put("instance_url", baseUrl());
            token.put("id", baseUrl() + "/id/" + ORG_ID + "/" + USER_ID);
            token.put("token_type", "Bearer");
            token.put("issued_at", Long.toString(System.currentTimeMillis()));
            token.put("signature", "fakeSignature=");
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(token.toString()).build();
        }

        private ResponseDefinition upsert(String sObject, String field, String key, String body, int used)
                throws Exception {
            ObjectNode fields = (ObjectNode) MAPPER.readTree(body);
            ObjectNode result = apply(sObject, field, key, fields);
            int status = result.path("success").asBoolean() ? (result.path("created").asBoolean() ? 201 : 200) : 400;
            if (status == 400) {
                return json(400, result.path("errors").toString().replace("\"statusCode\"", "\"errorCode\""), used);
            }
            return json(status, result.toString(), used);
        }

        private ResponseDefinition collectionUpsert(String sObject, String field, String body, int used) throws Exception {
            JsonNode request = MAPPER.readTree(body);
            JsonNode records = request.path("records");
            if (records.size() > 200) {
                return json(400, "[{\"message\":\"Maximum number of records exceeded\",\"errorCode\":\"INVALID_BATCH_SIZE\"}]", used);
            }
            ArrayNode results = MAPPER.createArrayNode();
            for (JsonNode record : records) {
                ObjectNode fields = ((ObjectNode) record).deepCopy();
                String type = fields.path("attributes").path("type").asText(null);
                fields.remove("attributes");
                JsonNode key = fields.remove(field);
                if (!sObject.equals(type) || key == null || key.asText().isEmpty()) {
                    results.add(error("INVALID_FIELD", "record needs attributes.type " + sObject + " and " + field,
                            List.of(field)));
                    continue;
                }
                results.add(apply(sObject, field, key.asText(), fields));
            }
            return json(200, results.toString(), used);
        }

        private synchronized ObjectNode apply(String sObject, String field, String key, ObjectNode fields) {
            if (fields.has("Id") || fields.has(field)) {
                return error("INVALID_FIELD", "Id and " + field + " are not allowed in the upsert body",
                        List.of(fields.has("Id") ? "Id" : field));
            }
            JsonNode email = fields.get("Email");
            if (email != null && !email.isNull() && !EMAIL.matcher(email.asText()).matches()) {
                return error("INVALID_EMAIL_ADDRESS", "Email: invalid email address: " + email.asText(), List.of("Email"));
            }
            ObjectNode invalid = validate(sObject, fields);
            if (invalid != null) {
                return invalid;
            }
            Map<String, ObjectNode> table = objects.computeIfAbsent(sObject, k -> new ConcurrentHashMap<>());
            ObjectNode existing = table.get(key);
            boolean created = existing == null;
            if (created) {
                if (!fields.hasNonNull("LastName") && ("Contact".equals(sObject) || "Lead".equals(sObject))) {
                    return error("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", List.of("LastName"));
                }
                if (!fields.hasNonNull("Company") && "Lead".equals(sObject)) {
                    return error("REQUIRED_FIELD_MISSING", "Required fields are missing: [Company]", List.of("Company"));
                }
                existing = MAPPER.createObjectNode();
                existing.put("Id", newId(sObject));
                existing.put(field, key);
                table.put(key, existing);
                byId.put(existing.get("Id").asText(), existing);
                createsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            existing.setAll(fields);
            existing.put("LastModifiedDate", tick());
            lastWriteNanos = System.nanoTime();
            writesPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            ObjectNode result = MAPPER.createObjectNode();
            result.put("id", existing.get("Id").asText());
            result.put("success", true);
            result.putArray("errors");
            result.put("created", created);
            return result;
        }

        /** Salesforce's own rules for the fields the bridge writes on Tasks. */
        private ObjectNode validate(String sObject, ObjectNode fields) {
            if (!"Task".equals(sObject)) {
                return null;
            }
            if (fields.path("Subject").asText("").length() > 255) {
                return error("STRING_TOO_LONG", "Subject: data value too large", List.of("Subject"));
            }
            if (fields.path("Description").asText("").length() > 32_000) {
                return error("STRING_TOO_LONG", "Description: data value too large: (max length=32000)",
                        List.of("Description"));
            }
            JsonNode who = fields.get("WhoId");
            if (who != null && !who.isNull() && findById(who.asText()) == null) {
                return error("INVALID_CROSS_REFERENCE_KEY", "Name ID: id value of incorrect type: " + who.asText(),
                        List.of("WhoId"));
            }
            JsonNode owner = fields.get("OwnerId");
            if (owner != null && !owner.isNull() && !users.containsValue(owner.asText())) {
                return error("INVALID_CROSS_REFERENCE_KEY", "Assigned To ID: owner cannot be inactive user",
                        List.of("OwnerId"));
            }
            return null;
        }

        private ObjectNode findById(String id) {
            return byId.get(id);
        }

        /**
         * The SOQL the bridge sends: {@code SELECT ... FROM <SObject> WHERE <Field> IN ('a','b') OR <Field> IN (...)
         * ORDER BY LastModifiedDate DESC LIMIT n} on Contacts and Leads, {@code SELECT Id FROM User WHERE Email = 'x'
         * AND IsActive = true LIMIT 1} on users.
         */
        private ResponseDefinition query(String soql, int used) {
            if (requestLog) {
                queries.add(soql);
            }
            Matcher from = Pattern.compile("FROM (\\w+) WHERE (.*)").matcher(soql);
            if (!from.find()) {
                return json(400, "[{\"message\":\"unexpected SOQL\",\"errorCode\":\"MALFORMED_QUERY\"}]", used);
            }
            String sObject = from.group(1);
            ArrayNode records = MAPPER.createArrayNode();
            if ("User".equals(sObject)) {
                Matcher email = Pattern.compile("Email = '((?:[^'\\\\]|\\\\.)*)'").matcher(soql);
                if (email.find() && users.containsKey(unescape(email.group(1)))) {
                    records.addObject().put("Id", users.get(unescape(email.group(1))));
                }
            } else {
                Map<String, List<String>> in = inLists(from.group(2));
                List<ObjectNode> found = new ArrayList<>();
                for (ObjectNode record : objects.getOrDefault(sObject, Map.of()).values()) {
                    for (Map.Entry<String, List<String>> condition : in.entrySet()) {
                        JsonNode value = record.get(condition.getKey());
                        if (value != null && condition.getValue().contains(value.asText())) {
                            found.add(record);
                            break;
                        }
                    }
                }
                found.sort((a, b) -> b.path("LastModifiedDate").asText().compareTo(a.path("LastModifiedDate").asText()));
                for (ObjectNode record : found) {
                    ObjectNode row = records.addObject();
                    row.putObject("attributes").put("type", sObject);
                    row.put("Id", record.get("Id").asText());
                    row.put("LastModifiedDate", record.path("LastModifiedDate").asText());
                }
            }
            ObjectNode answer = MAPPER.createObjectNode();
            answer.put("totalSize", records.size());
            answer.put("done", true);
            answer.set("records", records);
            return json(200, answer.toString(), used);
        }

        /** {@code Field IN ('a', 'b')} conditions, with quoted values that may hold parentheses and escapes. */
        private Map<String, List<String>> inLists(String where) {
            Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
            Matcher field = Pattern.compile("(\\w+) IN \\(").matcher(where);
            int at = 0;
            while (field.find(at)) {
                List<String> values = new ArrayList<>();
                int i = field.end();
                while (i < where.length() && where.charAt(i) != ')') {
                    if (where.charAt(i) == '\'') {
                        StringBuilder value = new StringBuilder();
                        i++;
                        while (where.charAt(i) != '\'') {
                            if (where.charAt(i) == '\\') {
                                i++;
                            }
                            value.append(where.charAt(i++));
                        }
                        values.add(value.toString());
                    }
                    i++;
                }
                lists.computeIfAbsent(field.group(1), k -> new ArrayList<>()).addAll(values);
                at = i;
            }
            return lists;
        }

        private String unescape(String value) {
            return value.replace("\\'", "'").replace("\\\\", "\\");
        }

        /** sObject Collections insert: the bridge inserts TaskRelation records (a duplicate one is refused). */
        private synchronized ResponseDefinition insert(String body, int used) throws Exception {
            ArrayNode results = MAPPER.createArrayNode();
            for (JsonNode record : MAPPER.readTree(body).path("records")) {
                String type = record.path("attributes").path("type").asText();
                if (!"TaskRelation".equals(type)) {
                    results.add(error("INVALID_TYPE", "this fake org inserts TaskRelation only", List.of()));
                    continue;
                }
                String taskId = record.path("TaskId").asText();
                String relationId = record.path("RelationId").asText();
                if (findById(taskId) == null || findById(relationId) == null) {
                    results.add(error("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of("RelationId")));
                    continue;
                }
                boolean duplicate = relations.stream().anyMatch(r -> r.path("TaskId").asText().equals(taskId)
                        && r.path("RelationId").asText().equals(relationId));
                if (duplicate) {
                    results.add(error("DUPLICATE_VALUE", "duplicate value found: RelationId", List.of("RelationId")));
                    continue;
                }
                ObjectNode stored = ((ObjectNode) record).deepCopy();
                stored.remove("attributes");
                stored.put("Id", newId("TaskRelation"));
                relations.add(stored);
                ObjectNode result = MAPPER.createObjectNode();
                result.put("id", stored.get("Id").asText());
                result.put("success", true);
                result.putArray("errors");
                results.add(result);
            }
            return json(200, results.toString(), used);
        }

        private ResponseDefinition delete(String sObject, String key, int used) {
            Map<String, ObjectNode> table = objects.computeIfAbsent(sObject, k -> new ConcurrentHashMap<>());
            ObjectNode removed = table.remove(key);
            if (removed != null) {
                byId.remove(removed.path("Id").asText());
            }
            if (removed == null) {
                return json(404, "[{\"message\":\"Provided external ID field does not exist or is not accessible: "
                        + key + "\",\"errorCode\":\"NOT_FOUND\"}]", used);
            }
            return new ResponseDefinitionBuilder().withStatus(204).withHeader("Sforce-Limit-Info", limit(used)).build();
        }

        private ObjectNode error(String code, String message, List<String> fields) {
            ObjectNode result = MAPPER.createObjectNode();
            result.put("success", false);
            ArrayNode errors = result.putArray("errors");
            ObjectNode error = errors.addObject();
            error.put("statusCode", code);
            error.put("message", message);
            ArrayNode list = error.putArray("fields");
            new ArrayList<>(fields).forEach(list::add);
            return result;
        }

        private ResponseDefinition json(int status, String body, int used) {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                    .withHeader("Sforce-Limit-Info", limit(used)).withBody(body).build();
        }

        private String limit(int used) {
            return "api-usage=" + used + "/" + apiLimit;
        }

        private void sleep() {
            int millis = latencyMillis;
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
