package io.quocrmbridge.crm;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each CRM target is taking writes. A target that refused a login or spent its API allowance is
 * "unavailable": its work stays queued, readiness detail and the {@code bridge_crm_target_available} gauge say so,
 * and the bridge keeps accepting events meanwhile.
 */
public final class TargetHealth {

    private static final Logger LOG = LoggerFactory.getLogger(TargetHealth.class);

    private final Clock clock;
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();

    public TargetHealth(Clock clock) {
        this.clock = clock;
    }

    /** Why and since when a target has been unavailable. */
    public record Problem(String reason, Instant since) {
    }

    public void unavailable(String target, String reason) {
        Problem previous = problems.putIfAbsent(target, new Problem(reason, clock.instant()));
        if (previous == null) {
            LOG.error("CRM target {} is unavailable, its work stays queued and is retried: {}", target, reason);
        } else if (!previous.reason().equals(reason)) {
            problems.put(target, new Problem(reason, previous.since()));
        }
    }

    public void available(String target) {
        Problem previous = problems.remove(target);
        if (previous != null) {
            LOG.info("CRM target {} is taking writes again (unavailable since {})", target, previous.since());
        }
    }

    public boolean isAvailable(String target) {
        return !problems.containsKey(target);
    }

    /** The current problems by target, for readiness detail. */
    public Map<String, Problem> problems() {
        return new TreeMap<>(problems);
    }
}
