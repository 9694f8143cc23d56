package io.quocrmbridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A HubSpot-shaped local server (WireMock) for the bridge's HubSpot writer: the CRM v3 object and v4 association
 * calls the bridge makes, over an in-memory portal. Shapes come from HubSpot's own OpenAPI files (copies in
 * {@code src/test/resources/openapi/hubspot/}) and reference/crm/NOTES.md.
 *
 * <p>Every request is handled in this order:
 * <ol>
 * <li>{@link #down(boolean) down}: 503 (not counted anywhere but {@link #served()});</li>
 * <li>{@code Authorization: Bearer <token>}, else 401 {@code INVALID_AUTHENTICATION} (not counted either);</li>
 * <li>checked against the OpenAPI file whose paths match it (method, path, query, {@code Content-Type}, body:
 *     property values must be strings, unknown fields are refused); problems are kept in
 *     {@link #contractViolations()}; a request no file describes is a violation too;</li>
 * <li>rate limits: the daily limit ({@code DAILY}), the rolling window ({@code TEN_SECONDLY_ROLLING}) and, for
 *     {@code POST .../search}, the search limit ({@code SECONDLY}), each answered 429 with HubSpot's body. A
 *     refused request uses up no allowance; an admitted one counts in {@link #apiCalls()};</li>
 * <li>a contract violation is answered 400 {@code VALIDATION_ERROR} (not applied);</li>
 * <li>a queued {@link #failNext failure} is answered instead of applying the request;</li>
 * <li>the operation: contacts batch upsert by the unique property, contacts (and calls, communications) search,
 *     read and archive, calls and communications batch create and update with inline associations, v4 batch
 *     association create; anything else 404.</li>
 * </ol>
 * Batch results come back in a shuffled order (never the input order when there are two or more), as HubSpot
 * does not promise input order. Per-input failures make the answer 207 with {@code errors} and {@code numErrors};
 * the other inputs are applied. Every 2xx answer is itself checked against the spec (its violations are kept in
 * {@link #contractViolations()} too, prefixed "answer"), so the fake cannot drift from HubSpot's shapes. Every
 * reply carries the {@code X-HubSpot-RateLimit-*} headers.
 *
 * <p>Thread-safe: requests are checked concurrently and applied one at a time.
 */
public final class FakeHubSpot implements AutoCloseable {

    public static final String DEFAULT_UNIQUE_PROPERTY = "quo_contact_id";
    public static final int DEFAULT_TEN_SECOND_MAX = 100;
    public static final long DEFAULT_TEN_SECOND_WINDOW_MILLIS = 10_000;
    public static final int DEFAULT_SEARCH_MAX = 5;
    public static final long DEFAULT_SEARCH_WINDOW_MILLIS = 1_000;
    /** The default daily allowance: effectively unlimited. */
    public static final int DEFAULT_DAILY_MAX = Integer.MAX_VALUE;
    public static final int BATCH_MAX = 100;
    public static final String APP_ID = "4242424";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<OpenApiContract> CONTRACTS = List.of(
            OpenApiContract.load("hubspot/contacts-v3.json"),
            OpenApiContract.load("hubspot/calls-v3.json"),
            OpenApiContract.load("hubspot/communications-v3.json"),
            OpenApiContract.load("hubspot/associations-v4.json"));

    private static final Pattern UPSERT = Pattern.compile("/crm/v3/objects/(contacts)/batch/upsert");
    private static final Pattern SEARCH = Pattern.compile("/crm/v3/objects/([^/]+)/search");
    private static final Pattern BATCH_CREATE = Pattern.compile("/crm/v3/objects/(calls|communications)/batch/create");
    private static final Pattern BATCH_UPDATE = Pattern.compile("/crm/v3/objects/(calls|communications)/batch/update");
    private static final Pattern BATCH_ARCHIVE = Pattern.compile("/crm/v3/objects/(contacts|calls|communications)/batch/archive");
    private static final Pattern ONE = Pattern.compile("/crm/v3/objects/(contacts|calls|communications)/([^/]+)");
    private static final Pattern ASSOCIATE = Pattern.compile("/crm/v4/associations/([^/]+)/([^/]+)/batch/create");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Object types this portal stores, with HubSpot's object type ids. */
    private static final Map<String, String> TYPE_IDS = Map.of("contacts", "0-1", "companies", "0-2", "deals", "0-3",
            "communications", "0-18", "notes", "0-46", "calls", "0-48");
    private static final Set<String> STORED = Set.of("contacts", "calls", "communications");

    /** HUBSPOT_DEFINED association type ids between the types the bridge links, and their inverses. */
    private static final Map<String, Integer> DEFINED = Map.ofEntries(
            Map.entry("calls>contacts", 194), Map.entry("contacts>calls", 193),
            Map.entry("calls>companies", 182), Map.entry("companies>calls", 181),
            Map.entry("calls>deals", 206), Map.entry("deals>calls", 205),
            Map.entry("communications>contacts", 81), Map.entry("contacts>communications", 82),
            Map.entry("communications>companies", 87), Map.entry("companies>communications", 88),
            Map.entry("communications>deals", 85), Map.entry("deals>communications", 86),
            Map.entry("notes>contacts", 202), Map.entry("contacts>notes", 201),
            Map.entry("contacts>companies", 279), Map.entry("companies>contacts", 280));

    private static final Set<String> CALL_STATUSES = Set.of("BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED",
            "CONNECTING", "FAILED", "IN_PROGRESS", "MISSED", "NO_ANSWER", "QUEUED", "RINGING");
    private static final Set<String> CHANNEL_TYPES = Set.of("SMS", "WHATS_APP", "LINKEDIN_MESSAGE");

    /**
     * One request as served: method, path (without query), the answer's status, System.nanoTime() on arrival, and the
     * request's body.
     */
    public record Served(String method, String path, int status, long nanos, String body) {

        /** The request's body, parsed. */
        public ObjectNode json() {
            return body == null || body.isBlank() ? MAPPER.createObjectNode() : (ObjectNode) Fixtures.parse(body);
        }
    }

    private record Failure(int status, String body) {
    }

    private record Answer(int status, String body) {
    }

    private final String token;
    private final WireMockServer server;
    private final Random random = new Random();
    private final AtomicLong ids = new AtomicLong(100_000);

    // everything below is guarded by `this`
    private final Map<String, Map<String, ObjectNode>> store = new HashMap<>();
    /** Live contacts by unique property value, and by lower-cased e-mail address: id. */
    private final Map<String, String> byUnique = new HashMap<>();
    private final Map<String, String> byEmail = new HashMap<>();
    /** "fromType/fromId/toType" to toId to association type ids. */
    private final Map<String, Map<String, Set<Integer>>> associations = new HashMap<>();
    private final Map<String, Integer> creations = new HashMap<>();
    private final Map<String, Integer> writes = new HashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Deque<Long> tenSecondWindow = new ArrayDeque<>();
    private final Deque<Long> searchWindow = new ArrayDeque<>();
    private final List<Served> served = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<ObjectNode> searches = new ArrayList<>();
    private long lastMillis;
    private long lastWriteNanos;
    private int dailyUsed;
    private int apiCalls;

    private String uniqueProperty;
    private int tenSecondMax;
    private long tenSecondWindowMillis;
    private int searchMax;
    private long searchWindowMillis;
    private int dailyMax;
    private boolean uniqueEmails;
    private boolean honourExemptions;
    private volatile int latencyMillis;
    private volatile boolean down;

    /** A portal whose private app token is {@code token}, on a free port of 127.0.0.1. */
    public FakeHubSpot(String token) {
        this(token, 0);
    }

    /** On a fixed port (0: any free one). */
    public FakeHubSpot(String token, int port) {
        this.token = token;
        defaults();
        server = new WireMockServer(options().port(port).bindAddress("127.0.0.1").containerThreads(32)
                .disableRequestJournal().extensions(new Portal()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /**
     * Forgets everything: records, associations, counters, queued failures, the served log, contract violations and
     * searches; the unique property, limits, latency, {@code down} and the switches go back to their defaults.
     */
    public synchronized void reset() {
        store.clear();
        byUnique.clear();
        byEmail.clear();
        associations.clear();
        creations.clear();
        writes.clear();
        failures.clear();
        tenSecondWindow.clear();
        searchWindow.clear();
        served.clear();
        violations.clear();
        searches.clear();
        lastWriteNanos = 0;
        dailyUsed = 0;
        apiCalls = 0;
        defaults();
    }

    private synchronized void defaults() {
        uniqueProperty = DEFAULT_UNIQUE_PROPERTY;
        tenSecondMax = DEFAULT_TEN_SECOND_MAX;
        tenSecondWindowMillis = DEFAULT_TEN_SECOND_WINDOW_MILLIS;
        searchMax = DEFAULT_SEARCH_MAX;
        searchWindowMillis = DEFAULT_SEARCH_WINDOW_MILLIS;
        dailyMax = DEFAULT_DAILY_MAX;
        uniqueEmails = true;
        honourExemptions = false;
        latencyMillis = 0;
        down = false;
    }

    // ---------------------------------------------------------------- configuration

    /** The contact property with unique values that batch upsert's {@code idProperty} must name. */
    public synchronized FakeHubSpot uniqueProperty(String property) {
        this.uniqueProperty = property;
        reindex();
        return this;
    }

    /** At most {@code max} requests in any rolling window of {@code windowMillis}; 429 TEN_SECONDLY_ROLLING beyond. */
    public synchronized FakeHubSpot tenSecondLimit(int max, long windowMillis) {
        this.tenSecondMax = max;
        this.tenSecondWindowMillis = windowMillis;
        tenSecondWindow.clear();
        return this;
    }

    /** At most {@code max} requests from now on (until {@link #reset()}); 429 DAILY beyond. */
    public synchronized FakeHubSpot dailyLimit(int max) {
        this.dailyMax = max;
        this.dailyUsed = 0;
        return this;
    }

    /** At most {@code max} search requests in any rolling window of {@code windowMillis}; 429 SECONDLY beyond. */
    public synchronized FakeHubSpot searchLimit(int max, long windowMillis) {
        this.searchMax = max;
        this.searchWindowMillis = windowMillis;
        searchWindow.clear();
        return this;
    }

    /**
     * Whether a contact's {@code email} must be unique among live contacts, as in HubSpot (on by default): an upsert
     * giving a contact another contact's address fails for that input with category CONFLICT.
     */
    public synchronized FakeHubSpot uniqueEmails(boolean unique) {
        this.uniqueEmails = unique;
        return this;
    }

    /**
     * Whether operations the spec marks {@code x-hubspot-rate-limit-exemptions: ["ten-secondly"]} (the searches and
     * the v4 association batch calls) are left out of the rolling window. Off by default: every request counts.
     */
    public synchronized FakeHubSpot honourRateLimitExemptions(boolean honour) {
        this.honourExemptions = honour;
        return this;
    }

    /** The next {@code count} admitted, valid requests answer with this status and body instead of being applied. */
    public synchronized FakeHubSpot failNext(int count, int status, String body) {
        for (int i = 0; i < count; i++) {
            failures.add(new Failure(status, body));
        }
        return this;
    }

    /** Every reply waits this long first (a remote HubSpot's latency). */
    public FakeHubSpot latency(int millis) {
        this.latencyMillis = millis;
        return this;
    }

    /** While down, every request is answered 503. */
    public FakeHubSpot down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    // ---------------------------------------------------------------- inspection

    /** Live (not archived) contacts that have the unique property, by its value: copies of the stored records. */
    public synchronized Map<String, ObjectNode> contacts() {
        Map<String, ObjectNode> contacts = new LinkedHashMap<>();
        for (ObjectNode record : table("contacts").values()) {
            String value = record.path("properties").path(uniqueProperty).asText(null);
            if (value != null && !record.path("archived").asBoolean()) {
                contacts.put(value, record.deepCopy());
            }
        }
        return contacts;
    }

    /** The live contact with this unique property value ({@code {id, properties, createdAt, updatedAt, archived}}), or null. */
    public synchronized ObjectNode contact(String uniqueValue) {
        String id = byUnique.get(uniqueValue);
        return id == null ? null : table("contacts").get(id).deepCopy();
    }

    /** Live records of a type ("contacts", "calls", "communications"), by HubSpot id. */
    public synchronized Map<String, ObjectNode> objects(String type) {
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        table(normalize(type)).forEach((id, record) -> {
            if (!record.path("archived").asBoolean()) {
                objects.put(id, record.deepCopy());
            }
        });
        return objects;
    }

    /**
     * A record by HubSpot id, archived or not (then {@code archived: true}), or null. Calls and communications
     * carry the {@code objectWriteTraceId} they were created with.
     */
    public synchronized ObjectNode object(String type, String id) {
        ObjectNode record = table(normalize(type)).get(id);
        return record == null ? null : record.deepCopy();
    }

    /**
     * How many times a record was created through the API: for contacts by unique property value, for calls and
     * communications by {@code objectWriteTraceId} (by HubSpot id when created without one). More than one is a
     * duplicate in the CRM.
     */
    public synchronized int creations(String type, String key) {
        return creations.getOrDefault(normalize(type) + "/" + key, 0);
    }

    /** How many times a record was written (created or updated) through the API; keys as for {@link #creations}. */
    public synchronized int writes(String type, String key) {
        return writes.getOrDefault(normalize(type) + "/" + key, 0);
    }

    /**
     * Ids of the {@code toType} records associated with a record (either direction: HubSpot associations are
     * two-way, so a call associated with a contact is listed under the contact too).
     */
    public synchronized Set<String> associations(String fromType, String fromId, String toType) {
        return new TreeSet<>(associations.getOrDefault(linkKey(normalize(fromType), fromId, normalize(toType)), Map.of())
                .keySet());
    }

    /** The association type ids between two records (e.g. 194 call to contact, 193 contact to call). */
    public synchronized Set<Integer> associationTypes(String fromType, String fromId, String toType, String toId) {
        return new TreeSet<>(associations.getOrDefault(linkKey(normalize(fromType), fromId, normalize(toType)), Map.of())
                .getOrDefault(toId, Set.of()));
    }

    /** Search request bodies received (authenticated ones, whatever their answer), in order. */
    public synchronized List<ObjectNode> searches() {
        List<ObjectNode> copies = new ArrayList<>();
        searches.forEach(s -> copies.add(s.deepCopy()));
        return copies;
    }

    /** Requests (and answers of this server) HubSpot's OpenAPI files reject; a test asserts this is empty. */
    public synchronized List<String> contractViolations() {
        return List.copyOf(violations);
    }

    /**
     * Requests admitted by the rate limits, i.e. every request except those answered 503 (down), 401 (no or wrong
     * token) or 429 (limited); they include requests answered 400, 404 or a queued failure (HubSpot counts those
     * against the allowance too).
     */
    public synchronized int apiCalls() {
        return apiCalls;
    }

    /** Every request, whatever its answer (401, 429 and 503 included), in arrival order. */
    public synchronized List<Served> served() {
        return List.copyOf(served);
    }

    /** The most requests (any answer) that arrived within any window of {@code windowMillis}. */
    public synchronized int maxRequestsInAnyWindow(long windowMillis) {
        return RequestRate.maxInAnyWindow(served.stream().map(Served::nanos).toList(), windowMillis);
    }

    /** System.nanoTime() of the last change made through the API (create, update, archive, association); 0 if none. */
    public synchronized long lastWriteNanos() {
        return lastWriteNanos;
    }

    /**
     * Adds a record as if a person had made it in HubSpot (not counted in {@link #creations}/{@link #writes}, no
     * {@link #lastWriteNanos} change), e.g. a contact with a phone number typed in national format. Property values
     * are stored as strings. Returns its id.
     */
    public synchronized String put(String type, ObjectNode properties) {
        String kind = normalize(type);
        if (!STORED.contains(kind)) {
            throw new IllegalArgumentException("this fake stores contacts, calls and communications, not " + type);
        }
        ObjectNode props = MAPPER.createObjectNode();
        properties.properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
        ObjectNode record = newRecord(kind, props, null);
        if (kind.equals("contacts")) {
            index(record);
        }
        return record.get("id").asText();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---------------------------------------------------------------- the portal

    private Map<String, ObjectNode> table(String type) {
        return store.computeIfAbsent(type, k -> new LinkedHashMap<>());
    }

    /** "contact", "contacts", "CONTACT", "0-1" all name contacts. */
    private static String normalize(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : TYPE_IDS.entrySet()) {
            if (t.equals(entry.getValue()) || t.equals(entry.getKey()) || (t + "s").equals(entry.getKey())
                    || (t + "es").equals(entry.getKey()) || (t.endsWith("y") && (t.substring(0, t.length() - 1) + "ies")
                    .equals(entry.getKey()))) {
                return entry.getKey();
            }
        }
        return t;
    }

    private static String linkKey(String fromType, String fromId, String toType) {
        return fromType + "/" + fromId + "/" + toType;
    }

    /** Strictly increasing ISO timestamps (milliseconds), so record changes are ordered. */
    private String now() {
        lastMillis = Math.max(System.currentTimeMillis(), lastMillis + 1);
        return Instant.ofEpochMilli(lastMillis).toString();
    }

    private ObjectNode newRecord(String type, ObjectNode properties, String traceId) {
        String id = Long.toString(ids.incrementAndGet());
        String at = now();
        ObjectNode record = MAPPER.createObjectNode();
        record.put("id", id);
        ObjectNode props = record.putObject("properties");
        props.setAll(properties);
        props.put("hs_object_id", id);
        props.put(type.equals("contacts") ? "createdate" : "hs_createdate", at);
        props.put(type.equals("contacts") ? "lastmodifieddate" : "hs_lastmodifieddate", at);
        record.put("createdAt", at);
        record.put("updatedAt", at);
        record.put("archived", false);
        if (traceId != null) {
            record.put("objectWriteTraceId", traceId);
        }
        table(type).put(id, record);
        return record;
    }

    /** Sets properties ("" clears one, as in HubSpot) and moves updatedAt on. */
    private void update(String type, ObjectNode record, JsonNode properties) {
        ObjectNode props = (ObjectNode) record.get("properties");
        properties.properties().forEach(e -> {
            if (e.getValue().asText().isEmpty()) {
                props.remove(e.getKey());
            } else {
                props.put(e.getKey(), e.getValue().asText());
            }
        });
        String at = now();
        props.put(type.equals("contacts") ? "lastmodifieddate" : "hs_lastmodifieddate", at);
        record.put("updatedAt", at);
    }

    private void index(ObjectNode contact) {
        if (contact.path("archived").asBoolean()) {
            return;
        }
        String id = contact.get("id").asText();
        String unique = contact.path("properties").path(uniqueProperty).asText("");
        if (!unique.isEmpty()) {
            byUnique.put(unique, id);
        }
        String email = contact.path("properties").path("email").asText("");
        if (!email.isEmpty()) {
            byEmail.put(email.toLowerCase(Locale.ROOT), id);
        }
    }

    private void unindex(ObjectNode contact) {
        String id = contact.get("id").asText();
        byUnique.values().removeIf(id::equals);
        byEmail.values().removeIf(id::equals);
    }

    private void reindex() {
        byUnique.clear();
        byEmail.clear();
        table("contacts").values().forEach(this::index);
    }

    private void count(Map<String, Integer> counter, String type, String key) {
        counter.merge(type + "/" + key, 1, Integer::sum);
    }

    private void wrote() {
        lastWriteNanos = System.nanoTime();
    }

    /** The request's admission: null when admitted, else the 429 body. Counts the request when admitted. */
    private String admit(long now, boolean search, boolean exempt) {
        prune(tenSecondWindow, now, tenSecondWindowMillis);
        prune(searchWindow, now, searchWindowMillis);
        if (dailyUsed >= dailyMax) {
            return rateLimited("You have reached your daily limit.", "DAILY", "publicapi:private-app:" + APP_ID);
        }
        if (!exempt && tenSecondWindow.size() >= tenSecondMax) {
            return rateLimited("You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING",
                    "publicapi:private-app:" + APP_ID);
        }
        if (search && searchWindow.size() >= searchMax) {
            return rateLimited("You have reached your secondly limit.", "SECONDLY", "publicapi:search:" + APP_ID);
        }
        dailyUsed++;
        apiCalls++;
        if (!exempt) {
            tenSecondWindow.addLast(now);
        }
        if (search) {
            searchWindow.addLast(now);
        }
        return null;
    }

    private static void prune(Deque<Long> window, long now, long windowMillis) {
        while (!window.isEmpty() && now - window.peekFirst() >= windowMillis * 1_000_000L) {
            window.pollFirst();
        }
    }

    private static String rateLimited(String message, String policy, String group) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "error");
        body.put("message", message);
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("policyName", policy);
        body.put("groupName", group);
        return body.toString();
    }

    /** HubSpot's error body: {@code {status, message, correlationId, category, context?}}. */
    private static String error(String category, String message, Map<String, List<String>> context) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        if (context != null) {
            ObjectNode ctx = body.putObject("context");
            context.forEach((k, v) -> v.forEach(ctx.putArray(k)::add));
        }
        body.put("category", category);
        return body.toString();
    }

    /** One failed input of a batch: a StandardError. */
    private static ObjectNode inputError(String category, String message, Map<String, List<String>> context,
                                         String code, String in) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        ObjectNode ctx = error.putObject("context");
        context.forEach((k, v) -> {
            ArrayNode values = ctx.putArray(k);
            v.forEach(values::add);
        });
        ArrayNode details = error.putArray("errors");
        ObjectNode detail = details.addObject().put("message", message);
        if (code != null) {
            detail.put("code", code);
        }
        if (in != null) {
            detail.put("in", in);
        }
        error.putObject("links");
        return error;
    }

    /** HubSpot's message for invalid property values (a JSON list inside the message). */
    private static String invalidProperty(String name, String error, String message) {
        ArrayNode list = MAPPER.createArrayNode();
        list.addObject().put("isValid", false).put("message", message).put("error", error).put("name", name);
        return "Property values were not valid: " + list;
    }

    /** A batch answer: results shuffled; with errors, 207 and {@code errors}, {@code numErrors}. */
    private Answer batch(int okStatus, List<ObjectNode> results, List<ObjectNode> errors, String startedAt) {
        List<ObjectNode> shuffled = new ArrayList<>(results);
        if (shuffled.size() > 1) {
            Collections.shuffle(shuffled, random);
            if (shuffled.equals(results)) {
                Collections.rotate(shuffled, 1);
            }
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "COMPLETE");
        ArrayNode array = body.putArray("results");
        shuffled.forEach(array::add);
        if (!errors.isEmpty()) {
            body.put("numErrors", errors.size());
            ArrayNode list = body.putArray("errors");
            errors.forEach(list::add);
        }
        body.put("startedAt", startedAt);
        body.put("completedAt", Instant.now().toString());
        return new Answer(errors.isEmpty() ? okStatus : 207, body.toString());
    }

    /** At most 100 inputs, no id twice: else the whole batch is refused. */
    private static Answer batchProblem(JsonNode inputs, boolean ids) {
        if (inputs.size() > BATCH_MAX) {
            return new Answer(400, error("VALIDATION_ERROR", "Batch input limit exceeded: " + inputs.size()
                    + " inputs, the limit is " + BATCH_MAX, null));
        }
        if (ids) {
            Set<String> seen = new LinkedHashSet<>();
            Set<String> duplicates = new TreeSet<>();
            for (JsonNode input : inputs) {
                if (!seen.add(input.path("id").asText())) {
                    duplicates.add(input.path("id").asText());
                }
            }
            if (!duplicates.isEmpty()) {
                return new Answer(400, error("VALIDATION_ERROR", "Duplicate IDs found in batch input: "
                        + duplicates, null));
            }
        }
        return null;
    }

    /** {@code POST /crm/v3/objects/contacts/batch/upsert}. */
    private Answer upsert(JsonNode body) {
        String startedAt = Instant.now().toString();
        JsonNode inputs = body.path("inputs");
        Answer problem = batchProblem(inputs, true);
        if (problem != null) {
            return problem;
        }
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String key = input.path("id").asText();
            String idProperty = input.path("idProperty").asText(null);
            JsonNode props = input.path("properties");
            Map<String, List<String>> context = Map.of("ids", List.of(key));
            if (!uniqueProperty.equals(idProperty)) {
                errors.add(inputError("VALIDATION_ERROR", "idProperty " + (idProperty == null ? "(none)"
                        : "'" + idProperty + "'") + " is not a unique property of contacts; upsert needs '"
                        + uniqueProperty + "'", context, "INVALID_ID_PROPERTY", "idProperty"));
                continue;
            }
            String email = props.path("email").asText("");
            if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
                errors.add(inputError("VALIDATION_ERROR", invalidProperty("email", "INVALID_EMAIL",
                        "Email address " + email + " is invalid"), context, "INVALID_EMAIL", "email"));
                continue;
            }
            String existingId = byUnique.get(key);
            String holder = email.isEmpty() ? null : byEmail.get(email.toLowerCase(Locale.ROOT));
            if (uniqueEmails && holder != null && !holder.equals(existingId)) {
                errors.add(inputError("CONFLICT", "Contact already exists. Existing ID: " + holder
                        + " (email " + email + ")", context, "CONFLICT", "email"));
                continue;
            }
            String traceId = input.path("objectWriteTraceId").asText(null);
            ObjectNode record;
            boolean created = existingId == null;
            if (created) {
                ObjectNode fresh = MAPPER.createObjectNode();
                props.properties().forEach(e -> {
                    if (!e.getValue().asText().isEmpty()) {
                        fresh.put(e.getKey(), e.getValue().asText());
                    }
                });
                fresh.put(uniqueProperty, key);
                record = newRecord("contacts", fresh, null);
                count(creations, "contacts", key);
            } else {
                record = table("contacts").get(existingId);
                unindex(record);
                update("contacts", record, props);
                ((ObjectNode) record.get("properties")).put(uniqueProperty, key);
            }
            index(record);
            count(writes, "contacts", key);
            wrote();
            ObjectNode result = MAPPER.createObjectNode();
            result.put("id", record.get("id").asText());
            result.set("properties", record.get("properties").deepCopy());
            result.put("new", created);
            result.put("createdAt", record.get("createdAt").asText());
            result.put("updatedAt", record.get("updatedAt").asText());
            result.put("archived", false);
            if (traceId != null) {
                result.put("objectWriteTraceId", traceId);
            }
            results.add(result);
        }
        return batch(200, results, errors, startedAt);
    }

    /** HubSpot's own rules for the activity properties the bridge writes; null when the values are fine. */
    private static String activityProblem(String type, JsonNode props, boolean creating) {
        List<String> required = type.equals("calls") ? List.of("hs_timestamp")
                : List.of("hs_timestamp", "hs_communication_channel_type");
        if (creating) {
            for (String name : required) {
                if (props.path(name).asText("").isEmpty()) {
                    return invalidProperty(name, "REQUIRED_FIELD", name + " is required");
                }
            }
        }
        String timestamp = props.path("hs_timestamp").asText("");
        if (!timestamp.isEmpty() && !timestamp.matches("\\d{1,15}")) {
            try {
                OffsetDateTime.parse(timestamp);
            } catch (DateTimeParseException e) {
                return invalidProperty("hs_timestamp", "INVALID_DATE", timestamp
                        + " is not a valid date-time (epoch milliseconds or ISO 8601)");
            }
        }
        Map<String, Set<String>> options = type.equals("calls")
                ? Map.of("hs_call_direction", Set.of("INBOUND", "OUTBOUND"), "hs_call_status", CALL_STATUSES)
                : Map.of("hs_communication_channel_type", CHANNEL_TYPES, "hs_communication_logged_from", Set.of("CRM"));
        for (Map.Entry<String, Set<String>> option : options.entrySet()) {
            String value = props.path(option.getKey()).asText("");
            if (!value.isEmpty() && !option.getValue().contains(value)) {
                return invalidProperty(option.getKey(), "INVALID_OPTION", value + " was not one of the allowed options: "
                        + new TreeSet<>(option.getValue()));
            }
        }
        String duration = props.path("hs_call_duration").asText("");
        if (!duration.isEmpty() && !duration.matches("\\d+")) {
            return invalidProperty("hs_call_duration", "INVALID_INTEGER", duration
                    + " is not a valid number of milliseconds");
        }
        return null;
    }

    /** The type of a live record with this id (ids are unique across types here), or null. */
    private String typeOf(String id) {
        for (String type : STORED) {
            ObjectNode record = table(type).get(id);
            if (record != null && !record.path("archived").asBoolean()) {
                return type;
            }
        }
        return null;
    }

    /** A problem with association types between two object types, or null. */
    private static String typesProblem(String fromType, String toType, JsonNode types) {
        if (types.isEmpty()) {
            return "at least one association type is required";
        }
        for (JsonNode spec : types) {
            if ("HUBSPOT_DEFINED".equals(spec.path("associationCategory").asText())) {
                int typeId = spec.path("associationTypeId").asInt();
                Integer expected = DEFINED.get(fromType + ">" + toType);
                if (expected == null || expected != typeId) {
                    return "associationTypeId " + typeId + " (HUBSPOT_DEFINED) is not a valid association type from "
                            + fromType + " to " + toType + (expected == null ? "" : "; use " + expected);
                }
            }
        }
        return null;
    }

    private void link(String fromType, String fromId, String toType, String toId, JsonNode types) {
        for (JsonNode spec : types) {
            int typeId = spec.path("associationTypeId").asInt();
            boolean defined = "HUBSPOT_DEFINED".equals(spec.path("associationCategory").asText());
            int inverse = defined ? DEFINED.getOrDefault(toType + ">" + fromType, typeId) : typeId;
            associations.computeIfAbsent(linkKey(fromType, fromId, toType), k -> new TreeMap<>())
                    .computeIfAbsent(toId, k -> new TreeSet<>()).add(typeId);
            associations.computeIfAbsent(linkKey(toType, toId, fromType), k -> new TreeMap<>())
                    .computeIfAbsent(fromId, k -> new TreeSet<>()).add(inverse);
        }
    }

    /** {@code POST /crm/v3/objects/{calls|communications}/batch/create}. */
    private Answer batchCreate(String type, JsonNode body) {
        String startedAt = Instant.now().toString();
        JsonNode inputs = body.path("inputs");
        Answer problem = batchProblem(inputs, false);
        if (problem != null) {
            return problem;
        }
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            JsonNode props = input.path("properties");
            String traceId = input.path("objectWriteTraceId").asText(null);
            Map<String, List<String>> context = traceId == null ? Map.of() : Map.of("objectWriteTraceId", List.of(traceId));
            String invalid = activityProblem(type, props, true);
            if (invalid != null) {
                errors.add(inputError("VALIDATION_ERROR", invalid, context, "INVALID_PROPERTY", "properties"));
                continue;
            }
            String linkProblem = null;
            for (JsonNode association : input.path("associations")) {
                String toId = association.path("to").path("id").asText();
                String toType = typeOf(toId);
                linkProblem = toType == null ? "No object with id " + toId + " to associate with"
                        : typesProblem(type, toType, association.path("types"));
                if (linkProblem != null) {
                    break;
                }
            }
            if (linkProblem != null) {
                errors.add(inputError("VALIDATION_ERROR", "One or more associations are invalid: " + linkProblem,
                        context, "INVALID_ASSOCIATION", "associations"));
                continue;
            }
            ObjectNode fresh = MAPPER.createObjectNode();
            props.properties().forEach(e -> fresh.put(e.getKey(), e.getValue().asText()));
            ObjectNode record = newRecord(type, fresh, traceId);
            String id = record.get("id").asText();
            for (JsonNode association : input.path("associations")) {
                String toId = association.path("to").path("id").asText();
                link(type, id, typeOf(toId), toId, association.path("types"));
            }
            String key = traceId == null ? id : traceId;
            count(creations, type, key);
            count(writes, type, key);
            wrote();
            results.add(publicObject(record, true));
        }
        return batch(201, results, errors, startedAt);
    }

    /** {@code POST /crm/v3/objects/{calls|communications}/batch/update}. */
    private Answer batchUpdate(String type, JsonNode body) {
        String startedAt = Instant.now().toString();
        JsonNode inputs = body.path("inputs");
        Answer problem = batchProblem(inputs, true);
        if (problem != null) {
            return problem;
        }
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            Map<String, List<String>> context = Map.of("ids", List.of(id));
            String idProperty = input.path("idProperty").asText("hs_object_id");
            if (!idProperty.equals("hs_object_id")) {
                errors.add(inputError("VALIDATION_ERROR", "idProperty '" + idProperty + "' is not a unique property of "
                        + type, context, "INVALID_ID_PROPERTY", "idProperty"));
                continue;
            }
            ObjectNode record = table(type).get(id);
            if (record == null || record.path("archived").asBoolean()) {
                errors.add(inputError("OBJECT_NOT_FOUND", "Could not get some " + type.toUpperCase(Locale.ROOT)
                        + " objects, they may be deleted or not exist. Check that ids are valid.", context,
                        "OBJECT_NOT_FOUND", null));
                continue;
            }
            String invalid = activityProblem(type, input.path("properties"), false);
            if (invalid != null) {
                errors.add(inputError("VALIDATION_ERROR", invalid, context, "INVALID_PROPERTY", "properties"));
                continue;
            }
            update(type, record, input.path("properties"));
            count(writes, type, record.path("objectWriteTraceId").asText(id));
            wrote();
            results.add(publicObject(record, false));
        }
        return batch(200, results, errors, startedAt);
    }

    /** {@code POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create}. */
    private Answer associate(String from, String to, JsonNode body) {
        String startedAt = Instant.now().toString();
        String fromType = normalize(from);
        String toType = normalize(to);
        if (!TYPE_IDS.containsKey(fromType) || !TYPE_IDS.containsKey(toType)) {
            return new Answer(400, error("VALIDATION_ERROR", "Unable to infer object type from: "
                    + (TYPE_IDS.containsKey(fromType) ? to : from), null));
        }
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonNode input : body.path("inputs")) {
            String fromId = input.path("from").path("id").asText();
            String toId = input.path("to").path("id").asText();
            Map<String, List<String>> context = Map.of("fromObjectId", List.of(fromId), "toObjectId", List.of(toId));
            if (!fromType.equals(typeOf(fromId)) || !toType.equals(typeOf(toId))) {
                String missing = !fromType.equals(typeOf(fromId)) ? fromType + " " + fromId : toType + " " + toId;
                errors.add(inputError("OBJECT_NOT_FOUND", "No " + missing + " to associate", context,
                        "OBJECT_NOT_FOUND", null));
                continue;
            }
            String invalid = typesProblem(fromType, toType, input.path("types"));
            if (invalid != null) {
                errors.add(inputError("VALIDATION_ERROR", invalid, context, "INVALID_ASSOCIATION_TYPE", "types"));
                continue;
            }
            link(fromType, fromId, toType, toId, input.path("types"));
            wrote();
            ObjectNode result = MAPPER.createObjectNode();
            result.put("fromObjectTypeId", TYPE_IDS.get(fromType));
            result.put("fromObjectId", fromId);
            result.put("toObjectTypeId", TYPE_IDS.get(toType));
            result.put("toObjectId", toId);
            result.putArray("labels");
            results.add(result);
        }
        return batch(201, results, errors, startedAt);
    }

    /** {@code POST /crm/v3/objects/{type}/search}: filterGroups ORed, filters ANDed; paged by {@code after}. */
    private Answer search(String type, JsonNode body) {
        JsonNode groups = body.path("filterGroups");
        int filters = 0;
        for (JsonNode group : groups) {
            filters += group.path("filters").size();
        }
        if (groups.size() > 6 || filters > 18) {
            return new Answer(400, error("VALIDATION_ERROR", "Too many filters: at most 6 filterGroups and 18 filters"
                    + " in all (got " + groups.size() + " groups, " + filters + " filters)", null));
        }
        int limit = body.path("limit").asInt(10);
        if (limit > 200) {
            return new Answer(400, error("VALIDATION_ERROR", "limit must be at most 200 (got " + limit + ")", null));
        }
        if (limit <= 0) {
            limit = 10;
        }
        String afterText = body.path("after").asText("");
        int after;
        try {
            after = afterText.isEmpty() ? 0 : Integer.parseInt(afterText);
        } catch (NumberFormatException e) {
            return new Answer(400, error("VALIDATION_ERROR", "after must be a paging cursor from a previous page (got '"
                    + afterText + "')", null));
        }
        for (JsonNode group : groups) {
            for (JsonNode filter : group.path("filters")) {
                String operator = filter.path("operator").asText();
                if (!Set.of("EQ", "NEQ", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY").contains(operator)) {
                    return new Answer(400, error("VALIDATION_ERROR", "operator " + operator
                            + " is not supported by this fake HubSpot (EQ, NEQ, IN, NOT_IN, HAS_PROPERTY,"
                            + " NOT_HAS_PROPERTY are)", null));
                }
            }
        }
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode record : table(type).values()) {
            if (!record.path("archived").asBoolean() && matches(record.get("properties"), groups)) {
                found.add(record);
            }
        }
        List<String> wanted = new ArrayList<>();
        body.path("properties").forEach(p -> wanted.add(p.asText()));
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("total", found.size());
        ArrayNode results = answer.putArray("results");
        for (int i = after; i < Math.min(found.size(), after + limit); i++) {
            results.add(publicView(type, found.get(i), wanted));
        }
        if (after + limit < found.size()) {
            String next = Integer.toString(after + limit);
            answer.putObject("paging").putObject("next").put("after", next).put("link", "?after=" + next);
        }
        return new Answer(200, answer.toString());
    }

    private static boolean matches(JsonNode props, JsonNode groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (JsonNode group : groups) {
            boolean all = true;
            for (JsonNode filter : group.path("filters")) {
                if (!matchesFilter(props, filter)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive string comparison, as HubSpot compares string properties. */
    private static boolean matchesFilter(JsonNode props, JsonNode filter) {
        String value = props.path(filter.path("propertyName").asText()).asText(null);
        String wanted = filter.path("value").asText(null);
        List<String> values = new ArrayList<>();
        filter.path("values").forEach(v -> values.add(v.asText()));
        return switch (filter.path("operator").asText()) {
            case "EQ" -> value != null && value.equalsIgnoreCase(wanted);
            case "NEQ" -> value == null || !value.equalsIgnoreCase(wanted);
            case "IN" -> value != null && values.stream().anyMatch(value::equalsIgnoreCase);
            case "NOT_IN" -> value == null || values.stream().noneMatch(value::equalsIgnoreCase);
            case "HAS_PROPERTY" -> value != null;
            case "NOT_HAS_PROPERTY" -> value == null;
            default -> false;
        };
    }

    /**
     * A record as a read or search returns it: the requested properties it has, plus HubSpot's defaults (for
     * contacts without a list: email, firstname, lastname too). Properties not asked for are not returned.
     */
    private static ObjectNode publicView(String type, ObjectNode record, List<String> wanted) {
        List<String> names = new ArrayList<>(wanted);
        if (type.equals("contacts")) {
            names.addAll(List.of("hs_object_id", "createdate", "lastmodifieddate"));
            if (wanted.isEmpty()) {
                names.addAll(List.of("email", "firstname", "lastname"));
            }
        } else {
            names.addAll(List.of("hs_object_id", "hs_createdate", "hs_lastmodifieddate"));
        }
        ObjectNode view = MAPPER.createObjectNode();
        view.put("id", record.get("id").asText());
        ObjectNode props = view.putObject("properties");
        JsonNode stored = record.get("properties");
        for (String name : names) {
            if (stored.has(name)) {
                props.put(name, stored.get(name).asText());
            }
        }
        view.put("createdAt", record.get("createdAt").asText());
        view.put("updatedAt", record.get("updatedAt").asText());
        view.put("archived", record.path("archived").asBoolean());
        if (record.has("archivedAt")) {
            view.put("archivedAt", record.get("archivedAt").asText());
        }
        return view;
    }

    /** A SimplePublicObject with all stored properties (a batch create or update result). */
    private static ObjectNode publicObject(ObjectNode record, boolean withTrace) {
        ObjectNode view = MAPPER.createObjectNode();
        view.put("id", record.get("id").asText());
        view.set("properties", record.get("properties").deepCopy());
        view.put("createdAt", record.get("createdAt").asText());
        view.put("updatedAt", record.get("updatedAt").asText());
        view.put("archived", false);
        if (withTrace && record.has("objectWriteTraceId")) {
            view.put("objectWriteTraceId", record.get("objectWriteTraceId").asText());
        }
        return view;
    }

    private ObjectNode find(String type, String id, String idProperty, boolean archived) {
        if (idProperty == null || idProperty.equals("hs_object_id")) {
            ObjectNode record = table(type).get(id);
            return record != null && record.path("archived").asBoolean() == archived ? record : null;
        }
        for (ObjectNode record : table(type).values()) {
            if (record.path("archived").asBoolean() == archived
                    && id.equals(record.path("properties").path(idProperty).asText(null))) {
                return record;
            }
        }
        return null;
    }

    private static Answer notFound(String id) {
        return new Answer(404, error("OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.",
                Map.of("id", List.of(id))));
    }

    /** {@code GET /crm/v3/objects/{type}/{id}} with optional idProperty, properties, associations, archived. */
    private Answer read(String type, String id, Map<String, List<String>> query) {
        String idProperty = first(query, "idProperty");
        if (idProperty != null && !idProperty.equals("hs_object_id")
                && !(type.equals("contacts") && (idProperty.equals(uniqueProperty) || idProperty.equals("email")))) {
            return new Answer(400, error("VALIDATION_ERROR", "Property " + idProperty
                    + " is not a unique identifier property for " + type, null));
        }
        ObjectNode record = find(type, id, idProperty, "true".equals(first(query, "archived")));
        if (record == null) {
            return notFound(id);
        }
        ObjectNode view = publicView(type, record, list(query, "properties"));
        List<String> linked = list(query, "associations");
        if (!linked.isEmpty()) {
            ObjectNode all = view.putObject("associations");
            for (String other : linked) {
                String toType = normalize(other);
                Map<String, Set<Integer>> targets = associations.getOrDefault(
                        linkKey(type, record.get("id").asText(), toType), Map.of());
                if (targets.isEmpty()) {
                    continue;
                }
                ArrayNode results = all.putObject(other).putArray("results");
                targets.forEach((toId, types) -> types.forEach(t -> results.addObject().put("id", toId)
                        .put("type", singular(type) + "_to_" + singular(toType))));
            }
        }
        return new Answer(200, view.toString());
    }

    private static String singular(String type) {
        return type.endsWith("ies") ? type.substring(0, type.length() - 3) + "y"
                : type.endsWith("s") ? type.substring(0, type.length() - 1) : type;
    }

    /** {@code DELETE /crm/v3/objects/{type}/{id}}: archives the record. */
    private Answer archive(String type, String id) {
        ObjectNode record = find(type, id, null, false);
        if (record == null) {
            return notFound(id);
        }
        if (type.equals("contacts")) {
            unindex(record);
        }
        record.put("archived", true);
        record.put("archivedAt", now());
        wrote();
        return new Answer(204, null);
    }

    /** {@code POST /crm/v3/objects/{type}/batch/archive}: archives every id given; unknown ones are ignored (204). */
    private Answer batchArchive(String type, JsonNode json) {
        for (JsonNode input : json.path("inputs")) {
            archive(type, input.path("id").asText());
        }
        return new Answer(204, null);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A list query parameter: repeated and/or comma separated. */
    private static List<String> list(Map<String, List<String>> query, String name) {
        List<String> values = new ArrayList<>();
        for (String value : query.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    private static Map<String, List<String>> query(String url) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int mark = url.indexOf('?');
        if (mark < 0) {
            return query;
        }
        for (String pair : url.substring(mark + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The portal behind every stub. */
    private final class Portal implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-hubspot-portal";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            long arrived = System.nanoTime();
            Request request = event.getRequest();
            String method = request.getMethod().getName();
            String url = request.getUrl();
            String path = url.split("\\?", 2)[0];
            String body = request.getBodyAsString();
            Answer answer = answer(arrived, method, path, query(url), request.getHeader("Authorization"),
                    request.getHeader("Content-Type"), body);
            int millis = latencyMillis;
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status());
            synchronized (FakeHubSpot.this) {
                served.add(new Served(method, path, answer.status(), arrived, body));
                prune(tenSecondWindow, System.nanoTime(), tenSecondWindowMillis);
                response.withHeader("X-HubSpot-RateLimit-Max", Integer.toString(tenSecondMax))
                        .withHeader("X-HubSpot-RateLimit-Remaining",
                                Integer.toString(Math.max(0, tenSecondMax - tenSecondWindow.size())))
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(tenSecondWindowMillis))
                        .withHeader("X-HubSpot-RateLimit-Daily", Integer.toString(dailyMax))
                        .withHeader("X-HubSpot-RateLimit-Daily-Remaining",
                                Integer.toString(Math.max(0, dailyMax - dailyUsed)));
            }
            if (answer.body() != null) {
                response.withHeader("Content-Type", "application/json;charset=utf-8").withBody(answer.body());
            }
            return response.build();
        }

        private Answer answer(long arrived, String method, String path, Map<String, List<String>> query,
                              String authorization, String contentType, String body) {
            if (down) {
                return new Answer(503, error("SERVICE_UNAVAILABLE", "Service Unavailable", null));
            }
            if (authorization == null || !authorization.equals("Bearer " + token)) {
                return new Answer(401, error("INVALID_AUTHENTICATION", "Authentication credentials not found. This API"
                        + " supports OAuth 2.0 authentication and you can find more details at"
                        + " https://developers.hubspot.com/docs/methods/auth/oauth-overview", null));
            }
            OpenApiContract contract = CONTRACTS.stream().filter(c -> c.covers(path)).findFirst().orElse(null);
            List<String> problems = new ArrayList<>();
            if (contract == null) {
                problems.add("hubspot: " + method + " " + path + ": no operation in HubSpot's OpenAPI files");
            } else {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Authorization", authorization);
                if (contentType != null) {
                    headers.put("Content-Type", contentType);
                }
                problems.addAll(contract.checkRequest(method, path, query, headers, body));
                if (body != null && !body.isEmpty() && (contentType == null
                        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
                    // the validator passes a body without Content-Type unchecked; HubSpot takes JSON only
                    problems.add(contract.name() + ": " + method + " " + path + ": Content-Type must be application/json"
                            + " (got " + contentType + ")");
                }
            }
            JsonNode operation = contract == null ? null : contract.operation(method, path);
            boolean exempt = operation != null
                    && operation.path("x-hubspot-rate-limit-exemptions").toString().contains("ten-secondly");
            Matcher search = SEARCH.matcher(path);
            boolean isSearch = search.matches() && method.equals("POST");

            Answer answer;
            synchronized (FakeHubSpot.this) {
                violations.addAll(problems);
                if (isSearch) {
                    try {
                        searches.add((ObjectNode) MAPPER.readTree(body));
                    } catch (Exception e) {
                        searches.add(MAPPER.createObjectNode().put("unparseable", String.valueOf(body)));
                    }
                }
                String refused = admit(arrived, isSearch, exempt && honourExemptions);
                if (refused != null) {
                    return new Answer(429, refused);
                }
                if (contract == null) {
                    return new Answer(404, error("OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path,
                            null));
                }
                if (!problems.isEmpty()) {
                    return new Answer(400, error("VALIDATION_ERROR", "Invalid input JSON: "
                            + String.join("; ", problems), null));
                }
                Failure failure = failures.poll();
                if (failure != null) {
                    return new Answer(failure.status(), failure.body());
                }
                try {
                    answer = apply(method, path, query, body);
                } catch (Exception e) {
                    answer = new Answer(400, error("VALIDATION_ERROR", "Invalid input JSON: " + e.getMessage(), null));
                }
            }
            if (answer.status() / 100 == 2 && answer.body() != null) {
                List<String> own = contract.checkResponse(method, path, answer.status(), answer.body());
                if (!own.isEmpty()) {
                    synchronized (FakeHubSpot.this) {
                        violations.addAll(own);
                    }
                }
            }
            return answer;
        }

        private Answer apply(String method, String path, Map<String, List<String>> query, String body)
                throws Exception {
            Matcher m;
            if (method.equals("POST")) {
                JsonNode json = MAPPER.readTree(body);
                if ((m = UPSERT.matcher(path)).matches()) {
                    return upsert(json);
                }
                if ((m = SEARCH.matcher(path)).matches() && STORED.contains(m.group(1))) {
                    return search(m.group(1), json);
                }
                if ((m = BATCH_CREATE.matcher(path)).matches()) {
                    return batchCreate(m.group(1), json);
                }
                if ((m = BATCH_UPDATE.matcher(path)).matches()) {
                    return batchUpdate(m.group(1), json);
                }
                if ((m = BATCH_ARCHIVE.matcher(path)).matches()) {
                    return batchArchive(m.group(1), json);
                }
                if ((m = ASSOCIATE.matcher(path)).matches()) {
                    return associate(decode(m.group(1)), decode(m.group(2)), json);
                }
            } else if ((m = ONE.matcher(path)).matches() && !m.group(2).equals("batch")) {
                if (method.equals("GET")) {
                    return read(m.group(1), decode(m.group(2)), query);
                }
                if (method.equals("DELETE")) {
                    return archive(m.group(1), decode(m.group(2)));
                }
            }
            return new Answer(404, error("OBJECT_NOT_FOUND", "This fake HubSpot does not implement " + method + " "
                    + path, null));
        }
    }
}
