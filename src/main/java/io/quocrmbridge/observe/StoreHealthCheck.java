package io.quocrmbridge.observe;

import java.util.Map;

import io.quocrmbridge.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the bridge: DOWN when the store does not answer (the intake could only answer 503), with what else is
 * unavailable as detail (a CRM target, Quo's API): those keep readiness UP, since events are still accepted and queued.
 */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final Database database;
    private final Availability availability;

    public StoreHealthCheck(Database database, Availability availability) {
        super("bridge", "store");
        this.database = database;
        this.availability = availability;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("store", database.isPostgres() ? "postgresql" : "h2");
        Map<String, Availability.Problem> problems = availability.problems();
        problems.forEach((what, problem) -> builder.detail(what + ".unavailable",
                problem.reason() + " (since " + problem.since() + ")"));
        if (database.isReachable(2)) {
            builder.up();
        } else {
            builder.message("the store is not reachable: webhooks are answered 503 until it is back");
            builder.down();
        }
    }
}
