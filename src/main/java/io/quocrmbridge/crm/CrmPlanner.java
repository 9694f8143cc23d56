package io.quocrmbridge.crm;

import java.util.List;

import org.apache.camel.Exchange;

/**
 * What a target gives the shared writer (routes/crm-writer.camel.yaml) besides its route files: which requests a
 * mapped batch makes, and how to read their answers. One request model ({@link CrmCall}) for every target, so what
 * dry-run prints is what the live target sends.
 */
public interface CrmPlanner {

    /** Readies a batch before mapping, from the store only (no network; it runs in dry-run too). */
    default void prepare(Exchange exchange, CrmBatch batch) {
    }

    /** The body the target's mapping route receives for one record: by default its canonical record as JSON. */
    default Object mappingInput(Exchange exchange, CrmBatch.Item item) {
        return item.getPayload();
    }

    /** The requests a mapped batch makes, in order. A record settled here (nothing to send) needs no request. */
    List<CrmCall> calls(Exchange exchange, CrmBatch batch);

    /** Requests that depend on the answers to {@link #calls} (e.g. relations of written records); live only. */
    default List<CrmCall> followUps(Exchange exchange, CrmBatch batch) {
        return List.of();
    }

    /** Reads the answer to one request and settles its records (written with their CRM ids, or failed). */
    void read(Exchange exchange, CrmCall call);
}
