package io.quocrmbridge.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which outside systems the bridge can't use right now, and why: a CRM target that refused a login or spent its API
 * allowance ({@code crm.<target>}), Quo's API refusing the API key ({@code quo.api}). Readiness detail lists them;
 * the bridge keeps accepting and queueing events meanwhile.
 */
public final class Availability {

    private static final Logger LOG = LoggerFactory.getLogger(Availability.class);

    private final Clock clock;
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();

    public Availability(Clock clock) {
        this.clock = clock;
    }

    /** Why and since when something has been unavailable. */
    public record Problem(String reason, Instant since) {
    }

    /**
     * @param what   e.g. {@code crm.salesforce} or {@code quo.api}
     * @param effect what the bridge does meanwhile, for the log line
     */
    public void unavailable(String what, String reason, String effect) {
        Problem previous = problems.putIfAbsent(what, new Problem(reason, clock.instant()));
        if (previous == null) {
            LOG.error("{} is unavailable ({}): {}", what, effect, reason);
        } else if (!previous.reason().equals(reason)) {
            problems.put(what, new Problem(reason, previous.since()));
        }
    }

    public void available(String what) {
        Problem previous = problems.remove(what);
        if (previous != null) {
            LOG.info("{} is available again (unavailable since {})", what, previous.since());
        }
    }

    public boolean isAvailable(String what) {
        return !problems.containsKey(what);
    }

    /** The current problems, for readiness detail. */
    public Map<String, Problem> problems() {
        return new TreeMap<>(problems);
    }
}
