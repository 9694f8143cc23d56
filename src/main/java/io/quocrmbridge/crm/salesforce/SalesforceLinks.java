package io.quocrmbridge.crm.salesforce;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.activity.CallActivity;
import io.quocrmbridge.activity.LinkPolicy;
import io.quocrmbridge.canonical.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmFailure;
import io.quocrmbridge.crm.CrmFailures;
import io.quocrmbridge.crm.Dispatcher;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.crm.WriteListener;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.quo.WorkspaceDirectory;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links Salesforce Tasks to the right person, by the documented policy (ACTIVITY_LINK_NO_MATCH,
 * ACTIVITY_LINK_MULTIPLE):
 * <ol>
 *   <li>the Quo contact ids in the activity's events: the Contacts the bridge wrote for them (from its own store,
 *       no API call);</li>
 *   <li>else the other party's number: a SOQL query on the phone fields of SALESFORCE_LINK_OBJECTS (Contact by
 *       default), trying the E.164, national and international forms and the bare digits, most recently changed
 *       first; answers are kept in a bounded cache (SALESFORCE_LINK_CACHE_SIZE, SALESFORCE_LINK_CACHE_TTL) and
 *       dropped when the bridge writes a contact with that number;</li>
 *   <li>no match: written unlinked (and linked once a matching contact lands), held back, or a Contact or Lead is
 *       created for the number; several: the most recent, all of them, or a dead letter.</li>
 * </ol>
 * With SALESFORCE_TASK_OWNER_BY_EMAIL the Quo user's e-mail address also picks the Task's owner (an active User
 * with that e-mail).
 *
 * <p>The CRM calls themselves are steps of routes/crm-salesforce-tasks.camel.yaml; this class plans them and reads
 * their answers. A writer route handles one batch at a time, so the plan lives in the batch's exchange.
 */
public final class SalesforceLinks implements WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceLinks.class);

    /** Exchange variable: per activity key, its candidate CRM ids from the store. */
    private static final String VAR_STORE_MATCHES = "salesforceStoreMatches";

    /** How lookups are made. */
    public record Settings(String apiVersion, List<String> objects, boolean ownerByEmail,
                           String contactExternalIdField, String leadExternalIdField, String target) {
    }

    /** One phone lookup the route makes: a SOQL query for one number in one sObject. */
    public record PhoneLookup(String number, String sObject, String soql) {
    }

    /** One owner lookup the route makes. */
    public record OwnerLookup(String email, String soql) {
    }

    private final Database database;
    private final OutboxStore outbox;
    private final ActivityStore activities;
    private final PhoneNumbers phones;
    private final LinkPolicy policy;
    private final Settings settings;
    private final WorkspaceDirectory directory;
    private final LookupCache phoneMatches;
    private final LookupCache owners;
    private final String apiVersion;

    public SalesforceLinks(Database database, OutboxStore outbox, ActivityStore activities, PhoneNumbers phones,
                           LinkPolicy policy, Settings settings, WorkspaceDirectory directory, LookupCache phoneMatches,
                           LookupCache owners) {
        this.database = database;
        this.outbox = outbox;
        this.activities = activities;
        this.phones = phones;
        this.policy = policy;
        this.settings = settings;
        this.directory = directory;
        this.phoneMatches = phoneMatches;
        this.owners = owners;
        this.apiVersion = settings.apiVersion();
    }

    // ---- step 1: what the store knows, and which numbers to look up ----------------------------------------------

    /**
     * Finds the Contacts the bridge wrote for the activities' Quo contact ids, and returns the phone lookups still
     * needed (numbers of activities without such a contact, not in the cache).
     */
    public List<PhoneLookup> phoneLookups(Exchange exchange, CrmBatch batch) {
        Map<String, List<String>> storeMatches = database.withConnection(connection -> storeMatches(connection, batch));
        exchange.setVariable(VAR_STORE_MATCHES, storeMatches);
        Set<String> numbers = new LinkedHashSet<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            if (storeMatches.getOrDefault(item.getRecordKey(), List.of()).isEmpty()) {
                String number = theirNumber(item);
                if (number != null && phoneMatches.get(number) == null) {
                    numbers.add(number);
                }
            }
        }
        List<PhoneLookup> lookups = new ArrayList<>();
        for (String number : numbers) {
            for (String sObject : settings.objects()) {
                lookups.add(new PhoneLookup(number, sObject, phoneSoql(number, sObject)));
            }
        }
        return lookups;
    }

    private Map<String, List<String>> storeMatches(Connection connection, CrmBatch batch) throws SQLException {
        Map<String, List<String>> matches = new LinkedHashMap<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            List<String> quoIds = contactIds(item);
            if (quoIds.isEmpty()) {
                continue;
            }
            Map<String, String> keys = activities.recordKeys(connection, quoIds);
            Map<String, String> crmIds = outbox.crmIds(connection, settings.target(), Dispatcher.CONTACT, keys.values());
            matches.put(item.getRecordKey(), new ArrayList<>(new LinkedHashSet<>(crmIds.values())));
        }
        return matches;
    }

    /** SOQL for one number: every form a person may have typed it in, on Phone and MobilePhone. */
    String phoneSoql(String number, String sObject) {
        List<String> forms = new ArrayList<>();
        for (String form : phones.searchForms(number)) {
            forms.add("'" + form.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        String in = String.join(",", forms);
        return "SELECT Id, LastModifiedDate FROM " + sObject + " WHERE Phone IN (" + in + ") OR MobilePhone IN ("
                + in + ") ORDER BY LastModifiedDate DESC LIMIT 20";
    }

    /** Reads a phone lookup's answer into the cache: the ids, most recently changed first, Contacts before Leads. */
    public void phoneFound(PhoneLookup lookup, String body) {
        List<String> ids = new ArrayList<>();
        List<String> cached = phoneMatches.get(lookup.number());
        if (cached != null && !lookup.sObject().equals(settings.objects().get(0))) {
            ids.addAll(cached);
        }
        for (JsonNode record : Json.parse(body).path("records")) {
            String id = Json.text(record, "Id");
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        phoneMatches.put(lookup.number(), ids);
    }

    /**
     * A lookup failed after the route's own handling: the activities with that number are retried later (or wait,
     * if Salesforce is unavailable), never written unlinked for want of an answer.
     */
    public void lookupFailed(Exchange exchange, PhoneLookup lookup, CrmBatch batch) {
        Throwable exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        CrmFailure failure = CrmFailures.classify(exception);
        CrmFailure asLookup = new CrmFailure(failure.kind() == CrmFailure.Kind.PERMANENT ? CrmFailure.Kind.TRANSIENT
                : failure.kind(), "looking up the contact for " + lookup.number() + " failed: " + failure.reason(),
                failure.errorCode(), failure.httpStatus());
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            if (lookup.number().equals(theirNumber(item))) {
                item.failed(asLookup);
            }
        }
        LOG.warn("salesforce phone lookup failed: {}", failure.describe());
    }

    // ---- step 2 (create-contact / create-lead): what to create ----------------------------------------------------

    /** The numbers to create a Contact or Lead for (ACTIVITY_LINK_NO_MATCH=create-contact|create-lead). */
    public List<String> numbersToCreate(Exchange exchange, CrmBatch batch) {
        Set<String> numbers = new LinkedHashSet<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            LinkPolicy.Decision decision = decide(exchange, item);
            if (decision.create()) {
                numbers.add(theirNumber(item));
            }
        }
        return new ArrayList<>(numbers);
    }

    /** The sObject created for an unknown number: Contact or Lead. */
    public String createdObject() {
        return policy.noMatch() == LinkPolicy.NoMatch.CREATE_LEAD ? "Lead" : "Contact";
    }

    /** The external-ID field the created records are upserted by (so a retry never creates two). */
    public String createdExternalIdField() {
        return policy.noMatch() == LinkPolicy.NoMatch.CREATE_LEAD ? settings.leadExternalIdField()
                : settings.contactExternalIdField();
    }

    /**
     * Prepares the sObject Collections upsert creating a record per number, keyed {@code phone:<E.164>} (LastName is
     * the number as people write it; a Lead also needs a Company): the body, and the path in camel-salesforce's
     * {@code rawPath} header.
     */
    public void createRequest(Exchange exchange, List<String> numbers) {
        exchange.getMessage().setHeader("rawPath", "/services/data/v" + apiVersion + "/composite/sobjects/"
                + createdObject() + "/" + createdExternalIdField());
        exchange.getMessage().setBody(createBody(numbers));
    }

    String createBody(List<String> numbers) {
        ObjectNode body = Json.object();
        body.put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (String number : numbers) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", createdObject());
            record.put(createdExternalIdField(), "phone:" + number);
            List<String> forms = phones.searchForms(number);
            record.put("LastName", forms.size() > 2 ? forms.get(2) : number);
            record.put("Phone", number);
            if ("Lead".equals(createdObject())) {
                record.put("Company", "(unknown)");
            }
        }
        return Json.write(body);
    }

    /** Reads the created records' ids into the cache, so the activities link to them. */
    public void created(String body, List<String> numbers) {
        JsonNode results = Json.parse(body);
        for (int i = 0; i < numbers.size() && i < results.size(); i++) {
            JsonNode result = results.get(i);
            if (result.path("success").asBoolean(false)) {
                phoneMatches.put(numbers.get(i), List.of(Json.text(result, "id")));
                LOG.info("salesforce {} {} created for an unknown number ({})", createdObject(),
                        Json.text(result, "id"), result.path("created").asBoolean() ? "new" : "existing");
            } else {
                LOG.warn("salesforce could not create a {} for an unknown number: {}", createdObject(),
                        result.path("errors"));
            }
        }
    }

    // ---- step 3 (owner by e-mail) ------------------------------------------------------------------------------

    /** The owner lookups still needed (SALESFORCE_TASK_OWNER_BY_EMAIL): e-mail addresses of Quo users, not cached. */
    public List<OwnerLookup> ownerLookups(CrmBatch batch) {
        if (!settings.ownerByEmail()) {
            return List.of();
        }
        Set<String> emails = new LinkedHashSet<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            String email = userEmail(item);
            if (email != null && owners.get(email) == null) {
                emails.add(email);
            }
        }
        List<OwnerLookup> lookups = new ArrayList<>();
        for (String email : emails) {
            lookups.add(new OwnerLookup(email, "SELECT Id FROM User WHERE Email = '"
                    + email.replace("\\", "\\\\").replace("'", "\\'") + "' AND IsActive = true LIMIT 1"));
        }
        return lookups;
    }

    public void ownerFound(OwnerLookup lookup, String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode record : Json.parse(body).path("records")) {
            String id = Json.text(record, "Id");
            if (id != null) {
                ids.add(id);
            }
        }
        owners.put(lookup.email(), ids);
    }

    /** An owner lookup that failed leaves the Task with Salesforce's default owner (the integration user). */
    public void ownerLookupFailed(Exchange exchange, OwnerLookup lookup) {
        Throwable exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("salesforce owner lookup failed ({}); the Task keeps the default owner",
                CrmFailures.classify(exception).describe());
    }

    // ---- step 4: apply -------------------------------------------------------------------------------------------

    /**
     * Decides each open activity's link by the policy: links it (WhoId, and the other matches for "all"), holds it
     * back until its contact lands (skip), or dead-letters it (several matches under "dead-letter"); sets the owner.
     * What an unlinked or held activity waits for is recorded when the batch settles.
     */
    public void apply(Exchange exchange, CrmBatch batch) {
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            LinkPolicy.Decision decision = decide(exchange, item);
            if (decision.deadLetter() != null) {
                item.failed(CrmFailure.permanent(decision.deadLetter(), "MULTIPLE_MATCHES", null));
                continue;
            }
            item.link(decision.whoId(), decision.others());
            if (decision.whoId() == null) {
                item.setWaitingFor(waitingFor(item));
            }
            if (decision.hold()) {
                // ACTIVITY_LINK_NO_MATCH=skip: not written now; written once a matching contact lands
                item.succeeded("held", null);
                continue;
            }
            String email = userEmail(item);
            List<String> owner = email == null ? null : owners.get(email);
            if (owner != null && !owner.isEmpty()) {
                item.setOwnerId(owner.get(0));
            }
        }
    }

    private LinkPolicy.Decision decide(Exchange exchange, CrmBatch.Item item) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> storeMatches = exchange.getVariable(VAR_STORE_MATCHES, Map.class);
        List<String> matches = storeMatches == null ? List.of()
                : storeMatches.getOrDefault(item.getRecordKey(), List.of());
        String number = theirNumber(item);
        if (matches.isEmpty() && number != null) {
            List<String> found = phoneMatches.get(number);
            matches = found == null ? List.of() : found;
        }
        return policy.decide(matches, number);
    }

    private List<String> waitingFor(CrmBatch.Item item) {
        List<String> what = new ArrayList<>();
        contactIds(item).forEach(id -> what.add("quo:" + id));
        String number = theirNumber(item);
        if (number != null) {
            what.add("phone:" + number);
        }
        return what;
    }

    // ---- the activity's fields -------------------------------------------------------------------------------------

    private static JsonNode activity(CrmBatch.Item item) {
        JsonNode canonical = item.getCanonical();
        return canonical.has("call") ? canonical.get("call") : canonical.path("texts");
    }

    static String theirNumber(CrmBatch.Item item) {
        return Json.text(activity(item), "theirNumber");
    }

    private static List<String> contactIds(CrmBatch.Item item) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : activity(item).path("contactIds")) {
            ids.add(id.asText());
        }
        return ids;
    }

    private String userEmail(CrmBatch.Item item) {
        JsonNode activity = activity(item);
        String email = Json.text(activity.path("user"), "email");
        if (email == null) {
            CallActivity.User user = directory.current().user(Json.text(activity, "userId"));
            email = user == null ? null : user.email();
        }
        return email;
    }

    /** A contact the bridge wrote may be the match a cached "no match" missed: forget the cached answer. */
    @Override
    public void settled(Connection connection, String target, CrmBatch.Item item, boolean success) {
        if (!success || !settings.target().equals(target) || !Dispatcher.CONTACT.equals(item.entry().kind())) {
            return;
        }
        for (JsonNode phone : item.getCanonical().path("contact").path("phones")) {
            String value = Json.text(phone, "value");
            if (value != null) {
                phoneMatches.remove(value);
            }
        }
    }
}
