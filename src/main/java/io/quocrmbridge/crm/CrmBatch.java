package io.quocrmbridge.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.store.OutboxStore;

/**
 * A batch of queued work for one target, as it travels through a writer route: each item carries its canonical
 * record, the CRM fields the route file mapped it to, and, once the CRM has answered, its outcome.
 *
 * <p>Getters are named for Camel's simple language: {@code ${body.empty}}, {@code ${body.size}},
 * {@code ${body.items}}, {@code ${body.upserts}}, {@code ${body.deletes}}.
 */
public final class CrmBatch {

    private final String target;
    private final String kind;
    private final List<Item> items;

    public CrmBatch(String target, String kind, List<Item> items) {
        this.target = target;
        this.kind = kind;
        this.items = items;
    }

    static CrmBatch of(String target, String kind, List<OutboxStore.Entry> entries) {
        List<Item> items = new ArrayList<>();
        entries.forEach(entry -> items.add(new Item(entry)));
        return new CrmBatch(target, kind, items);
    }

    public String getTarget() {
        return target;
    }

    public String getKind() {
        return kind;
    }

    public List<Item> getItems() {
        return items;
    }

    public int getSize() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * The open items written by upsert (including flag-deleted, which is an upsert of the flag field); items whose
     * mapping already failed are left out.
     */
    public CrmBatch getUpserts() {
        return subset(item -> !item.isSettled() && !OutboxStore.DELETE.equals(item.getOperation()));
    }

    /** The open items to delete in the CRM. */
    public CrmBatch getDeletes() {
        return subset(item -> !item.isSettled() && OutboxStore.DELETE.equals(item.getOperation()));
    }

    /** The items that have no outcome yet. */
    public List<Item> unsettled() {
        List<Item> open = new ArrayList<>();
        items.forEach(item -> {
            if (!item.isSettled()) {
                open.add(item);
            }
        });
        return open;
    }

    private CrmBatch subset(Predicate<Item> filter) {
        List<Item> subset = new ArrayList<>();
        items.forEach(item -> {
            if (filter.test(item)) {
                subset.add(item);
            }
        });
        return new CrmBatch(target, kind, subset);
    }

    /** One record of the batch. */
    public static final class Item {

        private final OutboxStore.Entry entry;
        private JsonNode canonical;
        private JsonNode mapped;
        private String outcome;
        private String crmId;
        private CrmFailure failure;
        private java.util.List<String> waitingFor;
        private String linkedTo;
        private java.util.List<String> alsoLinkedTo = java.util.List.of();
        private String ownerId;

        public Item(OutboxStore.Entry entry) {
            this.entry = entry;
        }

        public OutboxStore.Entry entry() {
            return entry;
        }

        /** The canonical record as JSON text: the input of the route file's mapping. */
        public String getPayload() {
            return entry.payload();
        }

        /** The canonical record, parsed. */
        public JsonNode getCanonical() {
            if (canonical == null) {
                canonical = Json.parse(entry.payload());
            }
            return canonical;
        }

        public String getOperation() {
            return entry.operation();
        }

        public String getRecordKey() {
            return entry.recordKey();
        }

        public String getEventId() {
            return entry.eventId();
        }

        public JsonNode getMapped() {
            return mapped;
        }

        public void setMapped(JsonNode mapped) {
            this.mapped = mapped;
        }

        public String getOutcome() {
            return outcome;
        }

        public String getCrmId() {
            return crmId;
        }

        public CrmFailure getFailure() {
            return failure;
        }

        /** The CRM accepted the record: outcome created, updated, deleted or dry-run. */
        public void succeeded(String outcome, String crmId) {
            this.outcome = outcome;
            this.crmId = crmId;
            this.failure = null;
        }

        /** The CRM (or the bridge) could not write the record. */
        public void failed(CrmFailure failure) {
            this.failure = failure;
            this.outcome = null;
        }

        /**
         * For an activity written (or held back) without a contact: what it waits for ({@code quo:<contact id>},
         * {@code phone:<number>}); when such a contact lands in the target, the activity is written again, linked.
         */
        public java.util.List<String> getWaitingFor() {
            return waitingFor;
        }

        public void setWaitingFor(java.util.List<String> waitingFor) {
            this.waitingFor = waitingFor;
        }

        /** For an activity: the CRM id of the contact (or lead) it is linked to, or null. */
        public String getLinkedTo() {
            return linkedTo;
        }

        /** For an activity linked to several contacts (ACTIVITY_LINK_MULTIPLE=all): the others. */
        public java.util.List<String> getAlsoLinkedTo() {
            return alsoLinkedTo;
        }

        public void link(String crmId, java.util.List<String> others) {
            this.linkedTo = crmId;
            this.alsoLinkedTo = others == null ? java.util.List.of() : java.util.List.copyOf(others);
        }

        /** For an activity: the CRM user who owns it (owner mapping), or null for the CRM's default. */
        public String getOwnerId() {
            return ownerId;
        }

        public void setOwnerId(String ownerId) {
            this.ownerId = ownerId;
        }

        public boolean isSettled() {
            return outcome != null || failure != null;
        }
    }
}
