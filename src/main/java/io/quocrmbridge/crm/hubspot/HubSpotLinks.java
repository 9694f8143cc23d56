package io.quocrmbridge.crm.hubspot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.LinkPolicy;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.ActivityLinks;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmCall;
import io.quocrmbridge.crm.HttpCrmCalls;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links HubSpot calls and communications to the right contact ({@link ActivityLinks} holds the policy and the store
 * lookups): the other party's number is looked up through HubSpot's contact search, on {@code phone} and
 * {@code mobilephone} in every form a person may have typed it (E.164, national, international, bare digits), the
 * most recently changed match first. Search has its own, lower rate limit (HUBSPOT_SEARCH_RATE_LIMIT) and its results
 * lag writes by seconds, so it is only used to find existing contacts, never to decide whether to create one: unknown
 * numbers get a contact upserted by the unique property with the value {@code phone:<E.164>} (create-contact; a
 * create-lead contact also gets {@code lifecyclestage: lead}, HubSpot keeping leads as contacts), which no retry can
 * create twice.
 */
public final class HubSpotLinks extends ActivityLinks {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotLinks.class);

    /** One contact search the route makes for a number. */
    public record PhoneSearch(String number, CrmCall call) {

        public CrmCall getCall() {
            return call;
        }
    }

    private final PhoneNumbers phones;
    private final HubSpotSettings settings;

    public HubSpotLinks(Database database, OutboxStore outbox, ActivityStore activities, PhoneNumbers phones,
                        LinkPolicy policy, HubSpotSettings settings, String target, LookupCache phoneMatches) {
        super(database, outbox, activities, policy, target, phoneMatches);
        this.phones = phones;
        this.settings = settings;
    }

    /** The contact searches still needed: one per number to look up. */
    public List<PhoneSearch> phoneSearches(Exchange exchange, CrmBatch batch) {
        List<PhoneSearch> searches = new ArrayList<>();
        for (String number : numbersToLookUp(exchange, batch)) {
            searches.add(new PhoneSearch(number, new CrmCall("search", "POST", HubSpotContacts.PATH + "/search",
                    searchBody(number), new CrmBatch(batch.getTarget(), OutboxStore.CONTACT, List.of()))));
        }
        return searches;
    }

    /**
     * A search request: phone IN (forms) OR mobilephone IN (forms). Every field HubSpot's OpenAPI file marks required
     * is sent; results are ordered here, by {@code updatedAt}, not by HubSpot.
     */
    JsonNode searchBody(String number) {
        ObjectNode body = Json.object();
        ArrayNode groups = body.putArray("filterGroups");
        for (String property : List.of("phone", "mobilephone")) {
            ObjectNode filter = groups.addObject().putArray("filters").addObject();
            filter.put("propertyName", property);
            filter.put("operator", "IN");
            ArrayNode values = filter.putArray("values");
            phones.searchForms(number).forEach(values::add);
        }
        body.putArray("properties").add("phone").add("mobilephone").add("lastmodifieddate");
        body.putArray("sorts");
        body.put("limit", 20);
        body.put("after", "0");
        return body;
    }

    /** Reads a search's answer into the cache: the contacts' ids, most recently changed first. */
    public void searchFound(PhoneSearch search, String body) {
        List<JsonNode> results = new ArrayList<>();
        Json.parse(body).path("results").forEach(results::add);
        results.sort(Comparator.comparing((JsonNode result) -> result.path("updatedAt").asText("")).reversed());
        List<String> ids = new ArrayList<>();
        for (JsonNode result : results) {
            String id = Json.text(result, "id");
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        found(search.number(), ids);
    }

    /** A search failed: the activities with that number are retried later, never written unlinked for it. */
    public void searchFailed(Exchange exchange, PhoneSearch search, CrmBatch batch) {
        numberLookupFailed(exchange, search.number(), batch);
    }

    /**
     * The batch upsert creating a contact per unknown number (create-contact / create-lead), keyed
     * {@code phone:<E.164>} in the unique property so a retry never creates two.
     */
    public CrmCall createCall(List<String> numbers, CrmBatch batch) {
        ObjectNode body = Json.object();
        ArrayNode inputs = body.putArray("inputs");
        for (String number : numbers) {
            ObjectNode input = inputs.addObject();
            input.put("id", createdKey(number));
            input.put("idProperty", settings.contactUniqueProperty());
            ObjectNode properties = input.putObject("properties");
            properties.put(settings.contactUniqueProperty(), createdKey(number));
            properties.put("phone", number);
            List<String> forms = phones.searchForms(number);
            properties.put("lastname", forms.size() > 2 ? forms.get(2) : number);
            if (createsLeads()) {
                properties.put("lifecyclestage", "lead");
            }
        }
        return new CrmCall("create-contacts", "POST", HubSpotContacts.PATH + "/batch/upsert", body,
                new CrmBatch(batch.getTarget(), OutboxStore.CONTACT, List.of()));
    }

    /** Reads the created contacts' ids into the cache, so the activities link to them. */
    public void created(Exchange exchange, List<String> numbers) {
        JsonNode answer = Json.parse(HttpCrmCalls.body(exchange));
        for (JsonNode result : answer.path("results")) {
            String key = Json.text(result.path("properties"), settings.contactUniqueProperty());
            for (String number : numbers) {
                if (createdKey(number).equals(key)) {
                    found(number, List.of(Json.text(result, "id")));
                    LOG.info("hubspot contact {} {} for an unknown number", Json.text(result, "id"),
                            result.path("new").asBoolean() ? "created" : "found (created earlier)");
                }
            }
        }
        answer.path("errors").forEach(error -> LOG.warn("hubspot could not create a contact for an unknown number: "
                + "{}", error.path("message").asText("")));
    }
}
