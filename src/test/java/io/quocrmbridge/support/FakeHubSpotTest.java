package io.quocrmbridge.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HubSpot test server answers as HubSpot's API and OpenAPI files say, with plain HTTP requests: the behaviours
 * the bridge's HubSpot tests rely on.
 */
class FakeHubSpotTest {

    private static final String TOKEN = "pat-na1-test-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FakeHubSpot hubspot;

    @BeforeAll
    static void start() {
        hubspot = new FakeHubSpot(TOKEN);
    }

    @AfterAll
    static void stop() {
        hubspot.close();
    }

    @BeforeEach
    void fresh() {
        hubspot.reset();
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> send(String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, Object body) throws Exception {
        return send(method, path, body == null ? null : body.toString(), "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }

    private static ObjectNode upsertInput(String key, String... properties) {
        ObjectNode input = MAPPER.createObjectNode();
        input.put("id", key);
        input.put("idProperty", "quo_contact_id");
        ObjectNode props = input.putObject("properties");
        for (int i = 0; i < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        return input;
    }

    private static ObjectNode inputs(ObjectNode... inputs) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode array = body.putArray("inputs");
        for (ObjectNode input : inputs) {
            array.add(input);
        }
        return body;
    }

    private static ObjectNode search(ArrayNode filterGroups, String... properties) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("after", "0");
        body.set("filterGroups", filterGroups);
        body.put("limit", 100);
        ArrayNode props = body.putArray("properties");
        for (String property : properties) {
            props.add(property);
        }
        body.putArray("sorts");
        return body;
    }

    private static ObjectNode filter(String property, String operator, String... values) {
        ObjectNode filter = MAPPER.createObjectNode().put("propertyName", property).put("operator", operator);
        if (operator.equals("IN")) {
            ArrayNode array = filter.putArray("values");
            for (String value : values) {
                array.add(value);
            }
        } else {
            filter.put("value", values[0]);
        }
        return filter;
    }

    private static ArrayNode groups(List<List<ObjectNode>> groups) {
        ArrayNode array = MAPPER.createArrayNode();
        for (List<ObjectNode> filters : groups) {
            ArrayNode list = array.addObject().putArray("filters");
            filters.forEach(list::add);
        }
        return array;
    }

    private static ObjectNode activity(String traceId, String contactId, int typeId, String... properties) {
        ObjectNode input = MAPPER.createObjectNode();
        ObjectNode props = input.putObject("properties");
        for (int i = 0; i < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        ArrayNode associations = input.putArray("associations");
        if (contactId != null) {
            ObjectNode association = associations.addObject();
            association.putObject("to").put("id", contactId);
            association.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                    .put("associationTypeId", typeId);
        }
        if (traceId != null) {
            input.put("objectWriteTraceId", traceId);
        }
        return input;
    }

    private static Map<String, JsonNode> byTrace(JsonNode results) {
        Map<String, JsonNode> map = new HashMap<>();
        results.forEach(r -> map.put(r.path("objectWriteTraceId").asText(), r));
        return map;
    }

    // ------------------------------------------------------------------ auth and headers

    @Test
    void requestsWithoutTheBearerTokenAre401InHubSpotsShape() throws Exception {
        String body = inputs(upsertInput("Q1", "email", "a@acme.example")).toString();
        for (String authorization : new String[] {null, "Bearer wrong", TOKEN}) {
            HttpResponse<String> response = send("POST", "/crm/v3/objects/contacts/batch/upsert", body, authorization);
            assertThat(response.statusCode(), equalTo(401));
            JsonNode error = json(response);
            assertThat(error.path("status").asText(), equalTo("error"));
            assertThat(error.path("category").asText(), equalTo("INVALID_AUTHENTICATION"));
            assertThat(error.path("message").asText(), containsString("Authentication credentials not found"));
            assertThat(error.path("correlationId").asText().length(), equalTo(36));
            assertThat(response.headers().firstValue("X-HubSpot-RateLimit-Max").orElse(null), equalTo("100"));
        }
        assertThat(hubspot.contacts().isEmpty(), is(true));
        assertThat("401s are not API calls", hubspot.apiCalls(), equalTo(0));
        assertThat(hubspot.served(), hasSize(3));
    }

    // ------------------------------------------------------------------ contacts

    @Test
    void upsertCreatesThenUpdatesByTheUniquePropertyAndSaysWhichWithNew() throws Exception {
        HttpResponse<String> first = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "email", "ann@acme.example", "firstname", "Ann"),
                        upsertInput("Q2", "phone", "+15125550100")));
        assertThat(first.body(), first.statusCode(), equalTo(200));
        JsonNode answer = json(first);
        assertThat(answer.path("status").asText(), equalTo("COMPLETE"));
        assertThat(answer.path("results").size(), equalTo(2));
        for (JsonNode result : answer.path("results")) {
            assertThat(result.path("new").asBoolean(), is(true));
            assertThat(result.path("id").asText(), notNullValue());
            assertThat(result.path("archived").asBoolean(), is(false));
            assertThat(result.path("createdAt").asText(), containsString("T"));
        }
        for (String header : List.of("X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining",
                "X-HubSpot-RateLimit-Interval-Milliseconds", "X-HubSpot-RateLimit-Daily",
                "X-HubSpot-RateLimit-Daily-Remaining")) {
            assertThat(header, first.headers().firstValue(header).isPresent(), is(true));
        }
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Remaining").orElseThrow(), equalTo("99"));
        String annId = hubspot.contact("Q1").path("id").asText();
        assertThat(hubspot.contact("Q1").path("properties").path("firstname").asText(), equalTo("Ann"));
        assertThat(hubspot.contact("Q1").path("properties").path("quo_contact_id").asText(), equalTo("Q1"));

        HttpResponse<String> second = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "lastname", "Lee", "firstname", "Anne")));
        assertThat(second.statusCode(), equalTo(200));
        JsonNode updated = json(second).path("results").get(0);
        assertThat(updated.path("new").asBoolean(), is(false));
        assertThat(updated.path("id").asText(), equalTo(annId));
        assertThat(updated.path("properties").path("quo_contact_id").asText(), equalTo("Q1"));
        assertThat(updated.path("properties").path("email").asText(), equalTo("ann@acme.example"));
        assertThat(hubspot.contact("Q1").path("properties").path("firstname").asText(), equalTo("Anne"));
        assertThat(hubspot.creations("contacts", "Q1"), equalTo(1));
        assertThat(hubspot.writes("contacts", "Q1"), equalTo(2));
        assertThat(hubspot.contacts().keySet(), equalTo(Set.of("Q1", "Q2")));
        assertThat(hubspot.apiCalls(), equalTo(2));
        assertThat(hubspot.lastWriteNanos() > 0, is(true));

        // read by the unique property, by id; archive; then it is gone
        HttpResponse<String> read = call("GET",
                "/crm/v3/objects/contacts/Q1?idProperty=quo_contact_id&properties=firstname,quo_contact_id", null);
        assertThat(read.statusCode(), equalTo(200));
        assertThat(json(read).path("id").asText(), equalTo(annId));
        assertThat(json(read).path("properties").path("firstname").asText(), equalTo("Anne"));
        assertThat(call("GET", "/crm/v3/objects/contacts/" + annId, null).statusCode(), equalTo(200));
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + annId, null).statusCode(), equalTo(204));
        HttpResponse<String> gone = call("GET", "/crm/v3/objects/contacts/Q1?idProperty=quo_contact_id", null);
        assertThat(gone.statusCode(), equalTo(404));
        assertThat(json(gone).path("category").asText(), equalTo("OBJECT_NOT_FOUND"));
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + annId, null).statusCode(), equalTo(404));
        assertThat(hubspot.contact("Q1"), nullValue());
        assertThat(hubspot.object("contacts", annId).path("archived").asBoolean(), is(true));
        assertThat(hubspot.contractViolations(), empty());
    }

    @Test
    void aFailingInputIsReported207WithItsIdAndTheOthersAreApplied() throws Exception {
        HttpResponse<String> response = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "email", "ok@acme.example"),
                        upsertInput("Q2", "email", "not-an-email"),
                        upsertInput("Q3", "firstname", "Cy")));
        assertThat(response.statusCode(), equalTo(207));
        JsonNode answer = json(response);
        assertThat(answer.path("numErrors").asInt(), equalTo(1));
        assertThat(answer.path("results").size(), equalTo(2));
        JsonNode error = answer.path("errors").get(0);
        assertThat(error.path("status").asText(), equalTo("error"));
        assertThat(error.path("category").asText(), equalTo("VALIDATION_ERROR"));
        assertThat(error.path("message").asText(), containsString("not-an-email"));
        assertThat(error.path("context").path("ids").get(0).asText(), equalTo("Q2"));
        assertThat(hubspot.contacts().keySet(), equalTo(Set.of("Q1", "Q3")));

        // an idProperty that is not the unique property is a per-input error too
        ObjectNode byEmail = upsertInput("x@acme.example", "firstname", "X");
        byEmail.put("idProperty", "email");
        JsonNode wrong = json(call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(byEmail, upsertInput("Q4", "firstname", "Di"))));
        assertThat(wrong.path("numErrors").asInt(), equalTo(1));
        assertThat(wrong.path("errors").get(0).path("context").path("ids").get(0).asText(), equalTo("x@acme.example"));
        assertThat(hubspot.contacts().keySet(), equalTo(Set.of("Q1", "Q3", "Q4")));

        // e-mail addresses are unique among contacts, as in HubSpot
        JsonNode taken = json(call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q5", "email", "OK@acme.example"))));
        assertThat(taken.path("errors").get(0).path("category").asText(), equalTo("CONFLICT"));
        assertThat(hubspot.contractViolations(), empty());
    }

    @Test
    void resultsComeBackShuffledSoClientsMapThemByProperty() throws Exception {
        List<ObjectNode> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(upsertInput("Q" + i, "firstname", "F" + i));
        }
        JsonNode results = json(call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(list.toArray(ObjectNode[]::new)))).path("results");
        List<String> order = new ArrayList<>();
        results.forEach(r -> order.add(r.path("properties").path("quo_contact_id").asText()));
        assertThat(order, hasSize(10));
        assertThat(order, not(equalTo(List.of("Q0", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9"))));
        for (JsonNode result : results) {
            String key = result.path("properties").path("quo_contact_id").asText();
            assertThat(result.path("id").asText(), equalTo(hubspot.contact(key).path("id").asText()));
            assertThat(result.path("properties").path("firstname").asText(), equalTo("F" + key.substring(1)));
        }
    }

    @Test
    void requestsTheSpecRejectsAreAnswered400AndRecorded() throws Exception {
        // a number where HubSpot's schema says property values are strings
        String numeric = "{\"inputs\":[{\"id\":\"Q1\",\"idProperty\":\"quo_contact_id\",\"properties\":{\"age\":42}}]}";
        HttpResponse<String> response = call("POST", "/crm/v3/objects/contacts/batch/upsert", numeric);
        assertThat(response.statusCode(), equalTo(400));
        assertThat(json(response).path("category").asText(), equalTo("VALIDATION_ERROR"));
        assertThat(json(response).path("message").asText(), containsString("Invalid input JSON"));
        assertThat(hubspot.contractViolations(), hasSize(greaterThanOrEqualTo(1)));
        assertThat(hubspot.contractViolations().toString(), containsString("string"));
        assertThat("not applied", hubspot.contact("Q1"), nullValue());

        // an unknown top-level field
        hubspot.reset();
        ObjectNode extra = inputs(upsertInput("Q1", "firstname", "A"));
        extra.put("allOrNone", false);
        assertThat(call("POST", "/crm/v3/objects/contacts/batch/upsert", extra).statusCode(), equalTo(400));
        assertThat(hubspot.contractViolations(), hasSize(greaterThanOrEqualTo(1)));
        assertThat(hubspot.contractViolations().toString(), containsString("allOrNone"));

        // no inputs
        hubspot.reset();
        assertThat(call("POST", "/crm/v3/objects/contacts/batch/upsert", "{}").statusCode(), equalTo(400));
        assertThat(hubspot.contractViolations().toString(), containsString("inputs"));

        // a search without the fields the spec requires (after, limit, properties, sorts)
        hubspot.reset();
        assertThat(call("POST", "/crm/v3/objects/contacts/search", "{\"filterGroups\":[]}").statusCode(),
                equalTo(400));
        assertThat(hubspot.contractViolations().toString(), containsString("after"));

        // a JSON body without Content-Type
        hubspot.reset();
        HttpResponse<String> untyped = HTTP.send(HttpRequest.newBuilder(
                        URI.create(hubspot.baseUrl() + "/crm/v3/objects/contacts/batch/upsert"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(inputs(upsertInput("Q1", "firstname", "A")).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(untyped.statusCode(), equalTo(400));
        assertThat(hubspot.contractViolations().toString(), containsString("Content-Type"));

        // a path no HubSpot spec has: 404 and a violation
        hubspot.reset();
        assertThat(call("GET", "/crm/v3/objects/contactz/1", null).statusCode(), equalTo(404));
        assertThat(hubspot.contractViolations(), hasSize(1));

        // more than 100 inputs: the whole batch is refused
        hubspot.reset();
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(upsertInput("Q" + i, "firstname", "F"));
        }
        HttpResponse<String> tooMany = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(many.toArray(ObjectNode[]::new)));
        assertThat(tooMany.statusCode(), equalTo(400));
        assertThat(json(tooMany).path("category").asText(), equalTo("VALIDATION_ERROR"));
        assertThat(hubspot.contacts().isEmpty(), is(true));
        assertThat("a well-formed but oversized batch is no contract violation", hubspot.contractViolations(), empty());
    }

    @Test
    void searchMatchesEqAndInWithGroupsOredAndFiltersAnded() throws Exception {
        String typed = hubspot.put("contacts", MAPPER.createObjectNode().put("phone", "(512) 555-0100")
                .put("firstname", "Typed").put("email", "typed@acme.example"));
        call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "phone", "+15125550101", "firstname", "One"),
                        upsertInput("Q2", "mobilephone", "+15125550102", "firstname", "Two"),
                        upsertInput("Q3", "phone", "+15125550103", "firstname", "Three")));
        String q1 = hubspot.contact("Q1").path("id").asText();
        String q2 = hubspot.contact("Q2").path("id").asText();

        JsonNode eq = json(call("POST", "/crm/v3/objects/contacts/search",
                search(groups(List.of(List.of(filter("phone", "EQ", "(512) 555-0100")))), "phone")));
        assertThat(eq.path("total").asInt(), equalTo(1));
        assertThat(eq.path("results").get(0).path("id").asText(), equalTo(typed));
        assertThat(eq.path("results").get(0).path("properties").path("phone").asText(), equalTo("(512) 555-0100"));
        assertThat("properties not asked for are not returned",
                eq.path("results").get(0).path("properties").has("firstname"), is(false));

        JsonNode ored = json(call("POST", "/crm/v3/objects/contacts/search", search(groups(List.of(
                List.of(filter("phone", "IN", "+15125550101", "+15125550199")),
                List.of(filter("mobilephone", "IN", "+15125550101", "+15125550102")))), "quo_contact_id")));
        assertThat(ored.path("total").asInt(), equalTo(2));
        Set<String> ids = new java.util.TreeSet<>();
        ored.path("results").forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids, equalTo(new java.util.TreeSet<>(Set.of(q1, q2))));

        JsonNode anded = json(call("POST", "/crm/v3/objects/contacts/search", search(groups(List.of(
                List.of(filter("phone", "EQ", "+15125550103"), filter("firstname", "EQ", "Nobody")))))));
        assertThat(anded.path("total").asInt(), equalTo(0));

        assertThat(hubspot.searches(), hasSize(3));
        assertThat(hubspot.searches().get(0).path("filterGroups").get(0).path("filters").get(0)
                .path("value").asText(), equalTo("(512) 555-0100"));
        assertThat(hubspot.creations("contacts", "Q1"), equalTo(1));
        assertThat("put() is not an API creation", hubspot.objects("contacts").size(), equalTo(4));
        assertThat(hubspot.contractViolations(), empty());
    }

    // ------------------------------------------------------------------ activities and associations

    @Test
    void callsAndCommunicationsAreCreatedWithAssociationsThenUpdated() throws Exception {
        call("POST", "/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("Q1", "firstname", "Ann")));
        String contactId = hubspot.contact("Q1").path("id").asText();

        HttpResponse<String> created = call("POST", "/crm/v3/objects/calls/batch/create", inputs(
                activity("AC1", contactId, 194, "hs_timestamp", "2026-03-01T10:00:00Z", "hs_call_direction",
                        "INBOUND", "hs_call_status", "COMPLETED", "hs_call_duration", "65000"),
                activity("AC2", null, 0, "hs_timestamp", "1772359200000"),
                activity("AC3", contactId, 194, "hs_call_body", "no timestamp")));
        assertThat(created.body(), created.statusCode(), equalTo(207));
        JsonNode answer = json(created);
        assertThat(answer.path("numErrors").asInt(), equalTo(1));
        assertThat(answer.path("errors").get(0).path("message").asText(), containsString("hs_timestamp"));
        assertThat(answer.path("errors").get(0).path("context").path("objectWriteTraceId").get(0).asText(),
                equalTo("AC3"));
        Map<String, JsonNode> calls = byTrace(answer.path("results"));
        assertThat(calls.keySet(), equalTo(Set.of("AC1", "AC2")));
        String callId = calls.get("AC1").path("id").asText();
        assertThat(hubspot.associations("calls", callId, "contacts"), equalTo(Set.of(contactId)));
        assertThat(hubspot.associationTypes("calls", callId, "contacts", contactId), equalTo(Set.of(194)));
        assertThat("two-way", hubspot.associationTypes("contacts", contactId, "calls", callId), equalTo(Set.of(193)));
        assertThat(hubspot.creations("calls", "AC1"), equalTo(1));
        assertThat(hubspot.object("calls", callId).path("properties").path("hs_call_duration").asText(),
                equalTo("65000"));

        ObjectNode update = MAPPER.createObjectNode().put("id", callId);
        update.putObject("properties").put("hs_call_body", "Voicemail transcript");
        ObjectNode unknown = MAPPER.createObjectNode().put("id", "999999999");
        unknown.putObject("properties").put("hs_call_body", "x");
        HttpResponse<String> updated = call("POST", "/crm/v3/objects/calls/batch/update", inputs(update, unknown));
        assertThat(updated.statusCode(), equalTo(207));
        assertThat(json(updated).path("errors").get(0).path("category").asText(), equalTo("OBJECT_NOT_FOUND"));
        assertThat(hubspot.object("calls", callId).path("properties").path("hs_call_body").asText(),
                equalTo("Voicemail transcript"));
        assertThat(hubspot.writes("calls", "AC1"), equalTo(2));
        assertThat(call("POST", "/crm/v3/objects/calls/batch/update", inputs(update)).statusCode(), equalTo(200));

        // texts: the channel type is required; association type 81
        JsonNode texts = json(call("POST", "/crm/v3/objects/communications/batch/create", inputs(
                activity("T1", contactId, 81, "hs_timestamp", "2026-03-01T10:05:00Z",
                        "hs_communication_channel_type", "SMS", "hs_communication_logged_from", "CRM",
                        "hs_communication_body", "Hello"),
                activity("T2", contactId, 81, "hs_timestamp", "2026-03-01T10:06:00Z"),
                activity("T3", contactId, 194, "hs_timestamp", "2026-03-01T10:07:00Z",
                        "hs_communication_channel_type", "SMS"))));
        assertThat(texts.path("numErrors").asInt(), equalTo(2));
        assertThat(texts.path("errors").toString(), containsString("hs_communication_channel_type"));
        assertThat("194 is the call-to-contact type", texts.path("errors").toString(), containsString("194"));
        String textId = byTrace(texts.path("results")).get("T1").path("id").asText();
        assertThat(hubspot.associationTypes("communications", textId, "contacts", contactId), equalTo(Set.of(81)));
        assertThat(hubspot.objects("communications").keySet(), equalTo(Set.of(textId)));
        assertThat(hubspot.contractViolations(), empty());
    }

    @Test
    void associationsV4BatchCreateIsIdempotent() throws Exception {
        call("POST", "/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("Q1", "firstname", "Ann")));
        String contactId = hubspot.contact("Q1").path("id").asText();
        String callId = json(call("POST", "/crm/v3/objects/calls/batch/create",
                inputs(activity("AC1", null, 0, "hs_timestamp", "2026-03-01T10:00:00Z"))))
                .path("results").get(0).path("id").asText();
        assertThat(hubspot.associations("calls", callId, "contacts"), empty());

        ObjectNode association = MAPPER.createObjectNode();
        association.putObject("from").put("id", callId);
        association.putObject("to").put("id", contactId);
        association.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED")
                .put("associationTypeId", 194);
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> response = call("POST", "/crm/v4/associations/calls/contacts/batch/create",
                    inputs(association));
            assertThat(response.body(), response.statusCode(), equalTo(201));
            JsonNode result = json(response).path("results").get(0);
            assertThat(result.path("fromObjectTypeId").asText(), equalTo("0-48"));
            assertThat(result.path("fromObjectId").asText(), equalTo(callId));
            assertThat(result.path("toObjectTypeId").asText(), equalTo("0-1"));
            assertThat(result.path("toObjectId").asText(), equalTo(contactId));
            assertThat(result.path("labels").isArray(), is(true));
        }
        assertThat(hubspot.associationTypes("calls", callId, "contacts", contactId), equalTo(Set.of(194)));
        assertThat(hubspot.associations("contacts", contactId, "calls"), equalTo(Set.of(callId)));

        ObjectNode missing = association.deepCopy();
        ((ObjectNode) missing.get("to")).put("id", "424242");
        HttpResponse<String> partial = call("POST", "/crm/v4/associations/calls/contacts/batch/create",
                inputs(missing));
        assertThat(partial.statusCode(), equalTo(207));
        assertThat(hubspot.contractViolations(), empty());
    }

    // ------------------------------------------------------------------ limits and failures

    @Test
    void theRollingWindowLimitAnswers429TenSecondlyRolling() throws Exception {
        call("GET", "/crm/v3/objects/contacts/1", null); // warm-up, outside the window set next
        hubspot.tenSecondLimit(3, 1_000);
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(404));
        }
        HttpResponse<String> limited = call("GET", "/crm/v3/objects/contacts/1", null);
        assertThat(limited.statusCode(), equalTo(429));
        JsonNode body = json(limited);
        assertThat(body.path("status").asText(), equalTo("error"));
        assertThat(body.path("errorType").asText(), equalTo("RATE_LIMIT"));
        assertThat(body.path("policyName").asText(), equalTo("TEN_SECONDLY_ROLLING"));
        assertThat(body.path("message").asText(), equalTo("You have reached your ten_secondly_rolling limit."));
        assertThat(body.path("groupName").asText().isEmpty(), is(false));
        assertThat(limited.headers().firstValue("X-HubSpot-RateLimit-Remaining").orElseThrow(), equalTo("0"));
        assertThat(limited.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds").orElseThrow(),
                equalTo("1000"));
        assertThat(hubspot.apiCalls(), equalTo(4));
        Thread.sleep(1_050);
        assertThat("the window rolls on", call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(404));
        assertThat(hubspot.maxRequestsInAnyWindow(1_000), greaterThanOrEqualTo(4));
    }

    @Test
    void specExemptionsFromTheRollingWindowCanBeHonoured() throws Exception {
        hubspot.tenSecondLimit(1, 60_000).honourRateLimitExemptions(true);
        ObjectNode body = search(groups(List.of(List.of(filter("phone", "EQ", "+15125550100")))));
        assertThat(call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(404));
        assertThat("search is exempt in the spec", call("POST", "/crm/v3/objects/contacts/search", body).statusCode(),
                equalTo(200));
        assertThat(call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(429));
        hubspot.honourRateLimitExemptions(false);
        assertThat(call("POST", "/crm/v3/objects/contacts/search", body).statusCode(), equalTo(429));
    }

    @Test
    void theUniquePropertyIsSettable() throws Exception {
        hubspot.uniqueProperty("external_id");
        ObjectNode input = upsertInput("E1", "firstname", "Eve");
        input.put("idProperty", "external_id");
        assertThat(call("POST", "/crm/v3/objects/contacts/batch/upsert", inputs(input)).statusCode(), equalTo(200));
        assertThat(hubspot.contact("E1").path("properties").path("external_id").asText(), equalTo("E1"));
        assertThat(hubspot.contacts().keySet(), equalTo(Set.of("E1")));
        assertThat(json(call("POST", "/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("Q1"))))
                .path("numErrors").asInt(), equalTo(1));
    }

    @Test
    void theDailyLimitAnswers429Daily() throws Exception {
        hubspot.dailyLimit(2);
        HttpResponse<String> first = call("GET", "/crm/v3/objects/contacts/1", null);
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Daily").orElseThrow(), equalTo("2"));
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining").orElseThrow(), equalTo("1"));
        call("GET", "/crm/v3/objects/contacts/1", null);
        HttpResponse<String> limited = call("GET", "/crm/v3/objects/contacts/1", null);
        assertThat(limited.statusCode(), equalTo(429));
        assertThat(json(limited).path("policyName").asText(), equalTo("DAILY"));
        assertThat(json(limited).path("errorType").asText(), equalTo("RATE_LIMIT"));
        assertThat(limited.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining").orElseThrow(), equalTo("0"));
    }

    @Test
    void searchesHaveTheirOwnLimit() throws Exception {
        hubspot.searchLimit(2, 60_000);
        ObjectNode body = search(groups(List.of(List.of(filter("phone", "EQ", "+15125550100")))));
        assertThat(call("POST", "/crm/v3/objects/contacts/search", body).statusCode(), equalTo(200));
        assertThat(call("POST", "/crm/v3/objects/contacts/search", body).statusCode(), equalTo(200));
        HttpResponse<String> limited = call("POST", "/crm/v3/objects/contacts/search", body);
        assertThat(limited.statusCode(), equalTo(429));
        assertThat(json(limited).path("policyName").asText(), equalTo("SECONDLY"));
        assertThat("other calls go on", call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(404));
        assertThat(hubspot.searches(), hasSize(3));
        assertThat(hubspot.contractViolations(), empty());
    }

    @Test
    void queuedFailuresDownAndResetAreHonoured() throws Exception {
        hubspot.failNext(1, 502, "{\"status\":\"error\",\"message\":\"Bad Gateway\"}");
        HttpResponse<String> failed = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "firstname", "A")));
        assertThat(failed.statusCode(), equalTo(502));
        assertThat(failed.body(), containsString("Bad Gateway"));
        assertThat("not applied", hubspot.contact("Q1"), nullValue());
        assertThat(call("POST", "/crm/v3/objects/contacts/batch/upsert",
                inputs(upsertInput("Q1", "firstname", "A"))).statusCode(), equalTo(200));

        hubspot.down(true);
        assertThat(call("GET", "/crm/v3/objects/contacts/Q1?idProperty=quo_contact_id", null).statusCode(),
                equalTo(503));
        hubspot.down(false);
        hubspot.latency(150);
        long start = System.nanoTime();
        assertThat(call("GET", "/crm/v3/objects/contacts/Q1?idProperty=quo_contact_id", null).statusCode(),
                equalTo(200));
        assertThat((System.nanoTime() - start) / 1_000_000 >= 150, is(true));

        hubspot.tenSecondLimit(1, 60_000);
        hubspot.reset();
        assertThat(hubspot.contacts().isEmpty(), is(true));
        assertThat(hubspot.served(), empty());
        assertThat(call("GET", "/crm/v3/objects/contacts/1", null).statusCode(), equalTo(404));
        assertThat("limits back to defaults", call("GET", "/crm/v3/objects/contacts/1", null).statusCode(),
                equalTo(404));
    }

    @Test
    void concurrentUpsertsCreateEachContactOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = "Q" + (i % 10);
                answers.add(pool.submit(() -> call("POST", "/crm/v3/objects/contacts/batch/upsert",
                        inputs(upsertInput(key, "firstname", "F"))).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(), equalTo(200));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hubspot.contacts().size(), equalTo(10));
        for (int i = 0; i < 10; i++) {
            assertThat(hubspot.creations("contacts", "Q" + i), equalTo(1));
            assertThat(hubspot.writes("contacts", "Q" + i), equalTo(4));
        }
        assertThat(hubspot.served().stream().map(FakeHubSpot.Served::status).toList(), not(hasItem(400)));
        assertThat(hubspot.contractViolations(), empty());
    }
}
