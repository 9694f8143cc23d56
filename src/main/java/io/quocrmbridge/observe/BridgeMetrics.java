package io.quocrmbridge.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * The bridge's own Prometheus metrics, next to Camel's route metrics on {@code /observe/metrics}:
 * <ul>
 *   <li>{@code bridge_webhooks_total{type, outcome}}: accepted, duplicate, rejected_&lt;reason&gt;, store_unavailable</li>
 *   <li>{@code bridge_events_total{type, outcome}}: dispatch outcomes: dispatched, parked, dead_lettered</li>
 *   <li>{@code bridge_crm_records_total{target, kind, type, outcome}}: queued, duplicate, stale, created, updated,
 *       deleted, skipped, superseded, retrying, dead_lettered</li>
 *   <li>gauges {@code bridge_inbox_pending}, {@code bridge_outbox_pending{target}}, {@code bridge_dead_letters_open{target}}</li>
 * </ul>
 */
public final class BridgeMetrics {

    private final CamelContext camelContext;
    private volatile MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public BridgeMetrics(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** For tests: metrics into a registry of their own. */
    public static BridgeMetrics standalone() {
        BridgeMetrics metrics = new BridgeMetrics(null);
        metrics.registry = new SimpleMeterRegistry();
        return metrics;
    }

    public void webhook(String type, String outcome) {
        count("bridge_webhooks_total", Tags.of("type", safe(type), "outcome", outcome));
    }

    public void event(String type, String outcome) {
        count("bridge_events_total", Tags.of("type", safe(type), "outcome", outcome));
    }

    public void record(String target, String kind, String type, String outcome) {
        count("bridge_crm_records_total", Tags.of("target", safe(target), "kind", safe(kind), "type", safe(type),
                "outcome", outcome));
    }

    /** Adds to a counter without labels. */
    public void count(String name) {
        count(name, Tags.empty(), 1);
    }

    /** Adds {@code amount} to a counter with one label. */
    public void count(String name, String tag, String value, long amount) {
        count(name, Tags.of(tag, value), amount);
    }

    /** Sets a gauge, registering it on first use. */
    public void gauge(String name, Tags tags, long value) {
        String key = name + tags;
        AtomicLong holder = gauges.computeIfAbsent(key, k -> {
            AtomicLong created = new AtomicLong();
            Gauge.builder(name, created, AtomicLong::doubleValue).tags(tags).register(registry());
            return created;
        });
        holder.set(value);
    }

    /** A gauge computed on every scrape. */
    public void gauge(String name, Tags tags, Supplier<Number> value) {
        Gauge.builder(name, value).tags(tags).register(registry());
    }

    /** The current value of a counter, for tests and the admin API. */
    public double counted(String name, String... tags) {
        Counter counter = registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private void count(String name, Tags tags) {
        count(name, tags, 1);
    }

    private void count(String name, Tags tags, long amount) {
        String key = name + tags;
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry()));
        }
        if (amount > 0) {
            counter.increment(amount);
        }
    }

    public MeterRegistry registry() {
        MeterRegistry current = registry;
        if (current == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry found = camelContext == null ? null
                            : camelContext.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = found != null ? found : new SimpleMeterRegistry();
                }
                current = registry;
            }
        }
        return current;
    }

    private static String safe(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
