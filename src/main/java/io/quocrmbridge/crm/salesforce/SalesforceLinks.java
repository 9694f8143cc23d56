package io.quocrmbridge.crm.salesforce;

import io.quocrmbridge.canonical.Directory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.LinkPolicy;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.ActivityLinks;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmFailures;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links Salesforce Tasks to the right person ({@link ActivityLinks} holds the policy and the store lookups): the
 * other party's number is looked up with a SOQL query on the phone fields of SALESFORCE_LINK_OBJECTS (Contact by
 * default), trying the E.164, national and international forms and the bare digits, most recently changed first;
 * unknown numbers get a Contact or Lead (create-contact / create-lead) upserted by {@code phone:<E.164>}. With
 * SALESFORCE_TASK_OWNER_BY_EMAIL the Quo user's e-mail address also picks the Task's owner (an active User with that
 * e-mail).
 *
 * <p>The CRM calls themselves are steps of routes/crm-salesforce-tasks.camel.yaml; this class plans them and reads
 * their answers.
 */
public final class SalesforceLinks extends ActivityLinks {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceLinks.class);

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

    private final PhoneNumbers phones;
    private final Settings settings;
    private final WorkspaceDirectory directory;
    private final LookupCache owners;
    private final String apiVersion;

    public SalesforceLinks(Database database, OutboxStore outbox, ActivityStore activities, PhoneNumbers phones,
                           LinkPolicy policy, Settings settings, WorkspaceDirectory directory, LookupCache phoneMatches,
                           LookupCache owners) {
        super(database, outbox, activities, policy, settings.target(), phoneMatches);
        this.phones = phones;
        this.settings = settings;
        this.directory = directory;
        this.owners = owners;
        this.apiVersion = settings.apiVersion();
    }

    // ---- step 1: phone lookups -----------------------------------------------------------------------------------

    /** The phone lookups still needed: a SOQL query per number to look up and sObject. */
    public List<PhoneLookup> phoneLookups(Exchange exchange, CrmBatch batch) {
        List<PhoneLookup> lookups = new ArrayList<>();
        for (String number : numbersToLookUp(exchange, batch)) {
            for (String sObject : settings.objects()) {
                lookups.add(new PhoneLookup(number, sObject, phoneSoql(number, sObject)));
            }
        }
        return lookups;
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
        found(lookup.number(), ids);
    }

    /** A lookup failed: the activities with that number are retried later, never written unlinked for it. */
    public void lookupFailed(Exchange exchange, PhoneLookup lookup, CrmBatch batch) {
        numberLookupFailed(exchange, lookup.number(), batch);
    }

    // ---- step 2 (create-contact / create-lead): what to create ----------------------------------------------------

    /** The sObject created for an unknown number: Contact or Lead. */
    public String createdObject() {
        return createsLeads() ? "Lead" : "Contact";
    }

    /** The external-ID field the created records are upserted by (so a retry never creates two). */
    public String createdExternalIdField() {
        return createsLeads() ? settings.leadExternalIdField()
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
            record.put(createdExternalIdField(), createdKey(number));
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
                found(numbers.get(i), List.of(Json.text(result, "id")));
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

    /** Sets the Task's owner: the Salesforce User found for the Quo user's e-mail address, if any. */
    @Override
    protected void linked(CrmBatch.Item item) {
        String email = userEmail(item);
        List<String> owner = email == null ? null : owners.get(email);
        if (owner != null && !owner.isEmpty()) {
            item.setOwnerId(owner.get(0));
        }
    }

    private String userEmail(CrmBatch.Item item) {
        JsonNode activity = activity(item);
        String email = Json.text(activity.path("user"), "email");
        if (email == null) {
            Directory.User user = directory.current().user(Json.text(activity, "userId"));
            email = user == null ? null : user.email();
        }
        return email;
    }
}
