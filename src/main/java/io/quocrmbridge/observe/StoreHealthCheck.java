package io.quocrmbridge.observe;

import java.util.Map;

import io.quocrmbridge.crm.TargetHealth;
import io.quocrmbridge.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the bridge: DOWN when the store does not answer (the intake could only answer 503), with the CRM
 * targets' state as detail (an unavailable CRM keeps readiness UP: events are still accepted and queued).
 */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final Database database;
    private final TargetHealth targets;

    public StoreHealthCheck(Database database, TargetHealth targets) {
        super("bridge", "store");
        this.database = database;
        this.targets = targets;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("store", database.isPostgres() ? "postgresql" : "h2");
        Map<String, TargetHealth.Problem> problems = targets.problems();
        problems.forEach((target, problem) -> builder.detail("crm." + target + ".unavailable",
                problem.reason() + " (since " + problem.since() + ")"));
        if (database.isReachable(2)) {
            builder.up();
        } else {
            builder.message("the store is not reachable: webhooks are answered 503 until it is back");
            builder.down();
        }
    }
}
