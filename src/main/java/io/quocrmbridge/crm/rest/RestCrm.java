package io.quocrmbridge.crm.rest;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quocrmbridge.activity.LinkPolicy;
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
