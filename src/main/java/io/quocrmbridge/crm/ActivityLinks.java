package io.quocrmbridge.crm;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.crm.LinkPolicy;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links one target's activities (calls, texts) to the right CRM contact, by the documented policy
 * (ACTIVITY_LINK_NO_MATCH, ACTIVITY_LINK_MULTIPLE):
 * <ol>
 *   <li>the Quo contact ids in the activity's events: the CRM records the bridge wrote for them in this target (from
 *       its own store, no API call);</li>
 *   <li>else the other party's number, looked up in the CRM by a subclass (Salesforce: SOQL; HubSpot: the search
 *       API); answers are kept in a bounded cache, dropped when the bridge writes a contact with that number;</li>
 *   <li>no match: written unlinked (and linked once a matching contact lands), held back, or a contact (or lead) is
 *       created for the number; several: the most recent, all of them, or a dead letter.</li>
 * </ol>
 * This class alone links by the store only (a target that can't search its CRM by phone, e.g. a REST target wired
 * in a route file). The CRM calls are steps of the target's route file; this class plans them and reads their
 * answers. A writer route handles one batch at a time, so the plan lives in the batch's exchange.
 */
public class ActivityLinks implements WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLinks.class);

    /** Exchange variable: per activity key, its candidate CRM ids from the store. */
    private static final String VAR_STORE_MATCHES = "activityStoreMatches";

    protected final Database database;
    protected final OutboxStore outbox;
    protected final ActivityStore activities;
    protected final LinkPolicy policy;
    protected final String target;
    /** Per number (E.164): the CRM ids that match it, most recently changed first. */
    protected final LookupCache phoneMatches;

    public ActivityLinks(Database database, OutboxStore outbox, ActivityStore activities, LinkPolicy policy,
                         String target, LookupCache phoneMatches) {
        this.database = database;
        this.outbox = outbox;
        this.activities = activities;
        this.policy = policy;
        this.target = target;
        this.phoneMatches = phoneMatches;
    }

    // ---- step 1: what the store knows, and which numbers to look up ----------------------------------------------

    /**
     * Finds the CRM records the bridge wrote for the activities' Quo contact ids (kept in the exchange for
     * {@link #apply}), and returns the numbers still to look up: those of activities without such a record that are
     * not cached.
     */
    public List<String> numbersToLookUp(Exchange exchange, CrmBatch batch) {
        Map<String, List<String>> storeMatches = storeMatches(exchange, batch);
        Set<String> numbers = new LinkedHashSet<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            if (storeMatches.getOrDefault(item.getRecordKey(), List.of()).isEmpty()) {
                String number = theirNumber(item);
                if (number != null && phoneMatches.get(number) == null) {
                    numbers.add(number);
                }
            }
        }
        return new ArrayList<>(numbers);
    }

    private Map<String, List<String>> storeMatches(Exchange exchange, CrmBatch batch) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> known = exchange.getVariable(VAR_STORE_MATCHES, Map.class);
        if (known != null) {
            return known;
        }
        Map<String, List<String>> matches = database.withConnection(connection -> storeMatches(connection, batch));
        exchange.setVariable(VAR_STORE_MATCHES, matches);
        return matches;
    }

    private Map<String, List<String>> storeMatches(Connection connection, CrmBatch batch) throws SQLException {
        Map<String, List<String>> matches = new LinkedHashMap<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            List<String> quoIds = contactIds(item);
            if (quoIds.isEmpty()) {
                continue;
            }
            Map<String, String> keys = activities.recordKeys(connection, quoIds);
            Map<String, String> crmIds = outbox.crmIds(connection, target, OutboxStore.CONTACT, keys.values());
            matches.put(item.getRecordKey(), new ArrayList<>(new LinkedHashSet<>(crmIds.values())));
        }
        return matches;
    }

    /** Keeps a lookup's answer: the CRM ids matching the number, most recently changed first (may be empty). */
    protected void found(String number, List<String> ids) {
        phoneMatches.put(number, List.copyOf(ids));
    }

    /**
     * A lookup failed: the activities with that number are retried later (or wait, if the CRM is unavailable), never
     * written unlinked for want of an answer.
     */
    public void numberLookupFailed(Exchange exchange, String number, CrmBatch batch) {
        Throwable exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        CrmFailure failure = CrmFailures.classify(exception);
        CrmFailure asLookup = new CrmFailure(failure.kind() == CrmFailure.Kind.PERMANENT ? CrmFailure.Kind.TRANSIENT
                : failure.kind(), "looking up the contact for " + number + " failed: " + failure.reason(),
                failure.errorCode(), failure.httpStatus(), failure.pause());
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            if (number.equals(theirNumber(item))) {
                item.failed(asLookup);
            }
        }
        LOG.warn("{} phone lookup failed: {}", target, failure.describe());
    }

    // ---- step 2 (create-contact / create-lead): what to create ----------------------------------------------------

    /** The numbers to create a contact or lead for (ACTIVITY_LINK_NO_MATCH=create-contact|create-lead). */
    public List<String> numbersToCreate(Exchange exchange, CrmBatch batch) {
        Set<String> numbers = new LinkedHashSet<>();
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            if (!item.isSettled() && decide(exchange, batch, item).create()) {
                numbers.add(theirNumber(item));
            }
        }
        return new ArrayList<>(numbers);
    }

    /** Whether records created for unknown numbers are leads (ACTIVITY_LINK_NO_MATCH=create-lead). */
    protected boolean createsLeads() {
        return policy.noMatch() == LinkPolicy.NoMatch.CREATE_LEAD;
    }

    /** The external key of the record created for an unknown number, so a retry never creates two. */
    public static String createdKey(String number) {
        return "phone:" + number;
    }

    // ---- step 3: apply -------------------------------------------------------------------------------------------

    /**
     * Decides each open activity's link by the policy: links it (and the other matches for "all"), holds it back
     * until its contact lands (skip), or dead-letters it (several matches under "dead-letter"). What an unlinked or
     * held activity waits for is recorded when the batch settles.
     */
    public void apply(Exchange exchange, CrmBatch batch) {
        for (CrmBatch.Item item : batch.getUpserts().getItems()) {
            LinkPolicy.Decision decision = decide(exchange, batch, item);
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
            linked(item);
        }
    }

    /** Called for every activity that is written (linked or not); Salesforce sets the owner here. */
    protected void linked(CrmBatch.Item item) {
    }

    private LinkPolicy.Decision decide(Exchange exchange, CrmBatch batch, CrmBatch.Item item) {
        List<String> matches = storeMatches(exchange, batch).getOrDefault(item.getRecordKey(), List.of());
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

    /** The merged activity of an item: its {@code call}, or its {@code texts}. */
    protected static JsonNode activity(CrmBatch.Item item) {
        JsonNode canonical = item.getCanonical();
        return canonical.has("call") ? canonical.get("call") : canonical.path("texts");
    }

    public static String theirNumber(CrmBatch.Item item) {
        return Json.text(activity(item), "theirNumber");
    }

    private static List<String> contactIds(CrmBatch.Item item) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : activity(item).path("contactIds")) {
            ids.add(id.asText());
        }
        return ids;
    }

    /** A contact the bridge wrote may be the match a cached "no match" missed: forget the cached answer. */
    @Override
    public void settled(Connection connection, String target, CrmBatch.Item item, boolean success) {
        if (!success || !this.target.equals(target) || !OutboxStore.CONTACT.equals(item.entry().kind())) {
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
