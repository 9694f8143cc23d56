package io.quocrmbridge.crm.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quocrmbridge.crm.LinkPolicy;
import io.quocrmbridge.crm.ActivityLinks;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;

/**
 * What every REST target wired from the route template {@code rest-crm-writer} (routes/rest-crm-template.camel.yaml)
 * shares: the store (the CRM ids of written records, for create-then-update and for linking) and the linking policy.
 * Bound as {@code restCrm}; each template instance's own {@link RestTarget} refers to it.
 */
public final class RestCrm {

    private final Database database;
    private final OutboxStore outbox;
    private final ActivityStore activities;
    private final LinkPolicy policy;
    private final Clock clock;
    private final Map<String, ActivityLinks> links = new ConcurrentHashMap<>();

    public RestCrm(Database database, OutboxStore outbox, ActivityStore activities, LinkPolicy policy, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.activities = activities;
        this.policy = policy;
        this.clock = clock;
    }

    /** Sets the credential of the target whose request is being sent (the planner of the writer in the exchange). */
    public void authorize(org.apache.camel.Exchange exchange) {
        planner(exchange).authorize(exchange);
    }

    /** Takes the credential off the message once the answer is in. */
    public void deauthorize(org.apache.camel.Exchange exchange) {
        planner(exchange).deauthorize(exchange);
    }

    private static RestTarget planner(org.apache.camel.Exchange exchange) {
        return (RestTarget) exchange.getVariable(io.quocrmbridge.flow.ExchangeVariables.TARGET_WRITER,
                io.quocrmbridge.crm.TargetWriter.class).getPlanner();
    }

    Database database() {
        return database;
    }

    OutboxStore outbox() {
        return outbox;
    }

    /**
     * Linking for a REST target: by the Quo contact ids in the activity's events, through the CRM ids the bridge
     * stored when it wrote those contacts to that target (a REST target has no phone search).
     */
    ActivityLinks links(String target) {
        return links.computeIfAbsent(target, name -> new ActivityLinks(database, outbox, activities, policy, name,
                new LookupCache(1, Duration.ofMinutes(1), clock)));
    }
}
