package io.quocrmbridge.support;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A Quo-shaped REST API (WireMock) for the poller: {@code GET /v1/contacts} over an in-memory workspace, paged with
 * opaque {@code pageToken}s. It behaves as Quo's docs say: the raw API key in {@code Authorization} (no Bearer),
 * {@code maxResults} 1 to 50, {@code nextPageToken} null on the last page, errors as
 * {@code {message, code, status, docs, title}}, and at most {@code rateLimit} requests in any second per key, with 429
 * beyond. Every request, and every answer it gives, is checked against Quo's own OpenAPI document
 * ({@link OpenApiContract}, {@code openapi/quo-v1-excerpt.json}); violations are collected for the tests to assert on.
 */
public final class FakeQuo implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load("quo-v1-excerpt.json");

    private final WireMockServer server;
    private final Set<String> apiKeys;
    private final int rateLimit;
    private final List<ObjectNode> contacts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> tokens = new ConcurrentHashMap<>();
    private final Deque<Long> window = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Deque<Integer> failures = new ArrayDeque<>();
    private int rateLimitedNext;
    private volatile int latencyMillis;
    private volatile int tokenGeneration;
    private volatile int expireAfterPages = -1;
    private final Map<String, ObjectNode> calls = new ConcurrentHashMap<>();
    private final Set<String> groupCalls = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> voicemails = new ConcurrentHashMap<>();
    private final List<ObjectNode> phoneNumbers = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> users = new CopyOnWriteArrayList<>();

    /** One request as served: when (nanoTime), with which key, which page token, and the answer's status. */
    public record Served(long nanos, String authorization, String path, String pageToken, int maxResults, int status) {
    }

    public FakeQuo(String apiKey, int rateLimit) {
        this(Set.of(apiKey), rateLimit);
    }

    /** A workspace several keys may read (to tell which process polled). */
    public FakeQuo(Set<String> apiKeys, int rateLimit) {
        this.apiKeys = Set.copyOf(apiKeys);
        this.rateLimit = rateLimit;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(16)
                .extensions(new Api()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Adds {@code count} contacts, CTpoll0, CTpoll1, ... in REST shape. */
    public FakeQuo addContacts(int count) {
        int start = contacts.size();
        for (int i = start; i < start + count; i++) {
            contacts.add(contact(i));
        }
        return this;
    }

    /** A REST contact as GET /v1/contacts returns it. */
    public static ObjectNode contact(int i) {
        ObjectNode contact = MAPPER.createObjectNode();
        contact.put("id", "CTpoll" + i);
        contact.putNull("externalId");
        contact.put("source", "public-api");
        contact.putNull("sourceUrl");
        ObjectNode fields = contact.putObject("defaultFields");
        fields.put("company", "Company " + (i % 97));
        fields.put("firstName", "First" + i);
        fields.put("lastName", "Last" + i);
        fields.put("role", i % 3 == 0 ? "Buyer" : null);
        ArrayNode emails = fields.putArray("emails");
        emails.addObject().put("name", "work").put("value", "person" + i + "@poll.example").put("id", "e" + i);
        ArrayNode phones = fields.putArray("phoneNumbers");
        phones.addObject().put("name", "mobile").put("value", String.format("+1512555%04d", i % 10000)).put("id", "p" + i);
        ArrayNode custom = contact.putArray("customFields");
        custom.addObject().put("name", "Tier").put("key", "tier").put("id", "cf1").put("type", "string")
                .put("value", "gold");
        contact.put("createdAt", "2026-01-01T00:00:00Z");
        contact.put("updatedAt", Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i).toString());
        contact.put("createdByUserId", "USpollster");
        return contact;
    }

    /** The contact as it is now in the workspace. */
    public ObjectNode current(int i) {
        return contacts.get(i).deepCopy();
    }

    /**
     * The beta-plane contact.updated webhook Quo sends for this contact in its current state: the same content and
     * updatedAt in the webhook's flat shape (no labels on e-mail addresses and numbers).
     */
    public static String betaEvent(ObjectNode rest, String eventId) {
        ObjectNode resource = MAPPER.createObjectNode();
        JsonNode fields = rest.get("defaultFields");
        resource.put("id", rest.get("id").asText());
        for (String field : List.of("firstName", "lastName", "company", "role")) {
            resource.set(field, fields.get(field));
        }
        resource.putNull("location");
        resource.set("source", rest.get("source"));
        resource.set("externalId", rest.get("externalId"));
        ArrayNode emails = resource.putArray("emails");
        fields.get("emails").forEach(e -> emails.addObject().put("value", e.get("value").asText()).put("type", "email"));
        ArrayNode phones = resource.putArray("phoneNumbers");
        fields.get("phoneNumbers").forEach(p -> phones.addObject().put("value", p.get("value").asText())
                .put("type", "phone-number"));
        resource.set("customFields", rest.get("customFields"));
        resource.set("createdAt", rest.get("createdAt"));
        resource.set("updatedAt", rest.get("updatedAt"));
        ObjectNode event = MAPPER.createObjectNode();
        event.put("id", eventId);
        event.put("apiVersion", "2026-03-30");
        event.put("createdAt", rest.get("updatedAt").asText());
        event.put("type", "contact.updated");
        ObjectNode data = event.putObject("data");
        data.set("resource", resource);
        data.putObject("context").put("userId", "USpollster").putArray("sharedWithIds");
        data.putObject("links").put("quo", "https://my.quo.com/contacts/" + rest.get("id").asText());
        return event.toString();
    }

    /** A call as GET /v1/calls/{id} returns it (the v1 OpenAPI call shape). */
    public FakeQuo call(ObjectNode call) {
        calls.put(call.get("id").asText(), call);
        return this;
    }

    /** A group call: GET /v1/calls/{id} answers 400 "Too Many Participants". */
    public FakeQuo groupCall(String callId) {
        groupCalls.add(callId);
        return this;
    }

    /** A call's voicemail as GET /v1/call-voicemails/{id} returns it. */
    public FakeQuo voicemail(String callId, String recordingUrl, int durationSeconds, String transcript) {
        ObjectNode vm = MAPPER.createObjectNode();
        vm.put("id", "VM" + callId.substring(2));
        vm.put("duration", durationSeconds);
        vm.put("transcript", transcript);
        vm.put("recordingUrl", recordingUrl);
        vm.put("status", "completed");
        voicemails.put(callId, vm);
        return this;
    }

    /** One of the workspace's numbers, with a user on it (GET /v1/phone-numbers, GET /v1/users). */
    public FakeQuo workspaceNumber(String number, String userId, String email, String firstName, String lastName) {
        ObjectNode user = MAPPER.createObjectNode();
        user.put("id", userId);
        user.put("email", email);
        user.put("firstName", firstName);
        user.put("lastName", lastName);
        user.put("role", "member");
        ObjectNode entry = MAPPER.createObjectNode();
        entry.put("id", "PN" + number.substring(number.length() - 6));
        entry.put("groupId", "GR1");
        entry.putNull("portRequestId");
        entry.put("formattedNumber", number);
        entry.putNull("forward");
        entry.put("name", "Main line");
        entry.put("number", number);
        entry.putNull("portingStatus");
        entry.putNull("symbol");
        ObjectNode numberUser = user.deepCopy();
        numberUser.put("groupId", "GR1");
        entry.putArray("users").add(numberUser);
        entry.put("createdAt", "2025-01-01T00:00:00Z");
        entry.put("updatedAt", "2025-01-01T00:00:00Z");
        ObjectNode restrictions = entry.putObject("restrictions");
        for (String kind : List.of("calling", "messaging")) {
            restrictions.putObject(kind).put("CA", "unrestricted").put("Intl", "restricted").put("US", "unrestricted");
        }
        phoneNumbers.add(entry);
        ObjectNode fullUser = user.deepCopy();
        fullUser.putNull("pictureUrl");
        fullUser.put("createdAt", "2025-01-01T00:00:00Z");
        fullUser.put("updatedAt", "2025-01-01T00:00:00Z");
        users.add(fullUser);
        return this;
    }

    /** Requests served for one path. */
    public List<Served> served(String pathPrefix) {
        return served.stream().filter(s -> s.path().startsWith(pathPrefix)).toList();
    }

    /** Changes contact i (and moves its updatedAt on, as Quo does). */
    public void change(int i, Consumer<ObjectNode> edit) {
        ObjectNode contact = contacts.get(i);
        edit.accept(contact);
        contact.put("updatedAt", Instant.parse(contact.get("updatedAt").asText()).plusSeconds(86_400).toString());
    }

    /** Deletes contact i from the workspace. */
    public void delete(int i) {
        contacts.set(i, null);
    }

    /** From now on, page tokens handed out before are refused with 400, as an expired token would be. */
    public void expireTokens() {
        tokenGeneration++;
        tokens.clear();
    }

    /** Once {@code pages} pages have been served, the tokens handed out so far stop working (once). */
    public void expireTokensAfter(int pages) {
        this.expireAfterPages = pages;
    }

    /** The next {@code count} contact page requests answer with this status (after the rate check). */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            failures.add(status);
        }
    }

    /**
     * The next {@code count} requests, whatever they ask for, answer 429 as if another client of the same key had used
     * up the allowance: a burst of 429s the bridge did not cause. They count towards the rate limit like any request.
     */
    public synchronized void rateLimitNext(int count) {
        rateLimitedNext += count;
    }

    public void latency(int millis) {
        this.latencyMillis = millis;
    }

    public List<Served> served() {
        return List.copyOf(served);
    }

    /** Requests the spec rejects, and answers of this server the spec rejects. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many times each page was served with 200, by page token ("first" for the first page). */
    public Map<String, Integer> pagesServed() {
        Map<String, Integer> pages = new LinkedHashMap<>();
        for (Served s : served) {
            if (s.status() == 200 && s.path().equals("/v1/contacts")) {
                pages.merge(s.pageToken() == null ? "first" : s.pageToken(), 1, Integer::sum);
            }
        }
        return pages;
    }

    /** The most requests seen in any window of {@code millis}, over all requests served. */
    public int maxRequestsInAnyWindow(long millis) {
        return RequestRate.maxInAnyWindow(served.stream().map(Served::nanos).toList(), millis);
    }

    private int count200() {
        return count(200);
    }

    /** Contact page requests (GET /v1/contacts) answered with this status. */
    public int count(int status) {
        return (int) served.stream().filter(s -> s.status() == status && s.path().equals("/v1/contacts")).count();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Api implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-quo";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            long now = System.nanoTime();
            var request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            String authorization = request.getHeader("Authorization");
            QueryParameter tokenParam = request.queryParameter("pageToken");
            String token = tokenParam.isPresent() ? tokenParam.firstValue() : null;
            QueryParameter maxParam = request.queryParameter("maxResults");
            int max = maxParam.isPresent() ? parse(maxParam.firstValue()) : -1;

            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String key : List.of("maxResults", "pageToken", "externalIds", "sources")) {
                QueryParameter param = request.queryParameter(key);
                if (param.isPresent()) {
                    query.put(key, param.values());
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            violations.addAll(CONTRACT.checkRequest(request.getMethod().getName(), path, query, headers, null));

            int status;
            String body;
            synchronized (FakeQuo.this) {
                while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
                    window.pollFirst();
                }
                window.addLast(now);
                Integer failure = failures.isEmpty() || !"/v1/contacts".equals(path) ? null : failures.peekFirst();
                boolean overLimit = window.size() > rateLimit;
                if (overLimit || rateLimitedNext > 0) {
                    if (!overLimit) {
                        rateLimitedNext--;
                    }
                    status = 429;
                    body = error(429, "0800429", "Too Many Requests", "Rate limit exceeded");
                } else if (authorization == null || !apiKeys.contains(authorization)) {
                    status = 401;
                    body = error(401, "0800401", "Unauthorized", "Invalid API key");
                } else if (failure != null) {
                    failures.pollFirst();
                    status = failure;
                    body = error(status, "0801500", "Unknown", "Injected failure");
                } else if (!"GET".equals(request.getMethod().getName())) {
                    status = 404;
                    body = error(404, "0800404", "Not Found", "Not Found");
                } else if (!"/v1/contacts".equals(path)) {
                    String[] answer = other(path);
                    status = Integer.parseInt(answer[0]);
                    body = answer[1];
                } else if (max < 1 || max > 50) {
                    status = 400;
                    body = error(400, "0800400", "Bad Request", "maxResults must be 1 to 50");
                } else if (token != null && !tokens.containsKey(token)) {
                    status = 400;
                    body = error(400, "0800400", "Bad Request", "Invalid pageToken");
                } else {
                    status = 200;
                    body = page(token == null ? 0 : tokens.get(token), max);
                    if (expireAfterPages > 0 && count200() + 1 >= expireAfterPages) {
                        expireAfterPages = -1;
                        expireTokens();
                    }
                }
            }
            served.add(new Served(now, authorization, path, token, max, status));
            if (status == 200) {
                violations.addAll(CONTRACT.checkResponse("GET", path, status, body));
            }
            sleep();
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(body).build();
        }

        /** The other operations: a call, a voicemail, the workspace's numbers and users. */
        private String[] other(String path) {
            if (path.startsWith("/v1/calls/")) {
                String id = path.substring("/v1/calls/".length());
                if (groupCalls.contains(id)) {
                    return new String[] {"400", error(400, "0800400", "Too Many Participants",
                            "Too Many Participants: this call has more than two participants")};
                }
                ObjectNode call = calls.get(id);
                return call == null ? notFound() : new String[] {"200", data(call)};
            }
            if (path.startsWith("/v1/call-voicemails/")) {
                ObjectNode voicemail = voicemails.get(path.substring("/v1/call-voicemails/".length()));
                return voicemail == null ? notFound() : new String[] {"200", data(voicemail)};
            }
            if (path.equals("/v1/phone-numbers")) {
                ObjectNode page = MAPPER.createObjectNode();
                page.set("data", MAPPER.valueToTree(phoneNumbers));
                return new String[] {"200", page.toString()};
            }
            if (path.equals("/v1/users")) {
                ObjectNode page = MAPPER.createObjectNode();
                page.set("data", MAPPER.valueToTree(users));
                page.put("totalItems", users.size());
                page.putNull("nextPageToken");
                return new String[] {"200", page.toString()};
            }
            return notFound();
        }

        private String[] notFound() {
            return new String[] {"404", error(404, "0800404", "Not Found", "Not Found")};
        }

        private String data(ObjectNode object) {
            ObjectNode answer = MAPPER.createObjectNode();
            answer.set("data", object);
            return answer.toString();
        }

        private String page(int offset, int max) {
            ArrayNode data = MAPPER.createArrayNode();
            List<ObjectNode> all;
            synchronized (contacts) {
                all = new ArrayList<>(contacts);
            }
            int position = offset;
            while (position < all.size() && data.size() < max) {
                ObjectNode contact = all.get(position++);
                if (contact != null) {
                    data.add(contact);
                }
            }
            ObjectNode page = MAPPER.createObjectNode();
            page.set("data", data);
            page.put("totalItems", all.size());
            if (position < all.size()) {
                String next = "pt" + tokenGeneration + "-" + Integer.toHexString(position * 7919) + "-" + position;
                tokens.put(next, position);
                page.put("nextPageToken", next);
            } else {
                page.putNull("nextPageToken");
            }
            return page.toString();
        }

        private String error(int status, String code, String title, String message) {
            ObjectNode error = MAPPER.createObjectNode();
            error.put("message", message);
            error.put("code", code);
            error.put("status", status);
            error.put("docs", "https://quo.com/docs");
            error.put("title", title);
            return error.toString();
        }

        private int parse(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private void sleep() {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
