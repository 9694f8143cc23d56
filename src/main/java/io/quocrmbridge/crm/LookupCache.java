package io.quocrmbridge.crm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded cache of CRM lookups (a phone number's matching contacts, a user's id by e-mail address): at most
 * {@code maxEntries}, least recently used evicted first, each entry trusted for {@code ttl}. An empty answer is
 * cached too (so an unknown caller is not looked up on every call), and entries are dropped when a matching
 * record is written.
 */
public final class LookupCache {

    private record Entry(List<String> ids, Instant expires) {
    }

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries;

    public LookupCache(int maxEntries, Duration ttl, Clock clock) {
        this.maxEntries = Math.max(1, maxEntries);
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LookupCache.this.maxEntries;
            }
        };
    }

    /** The cached ids, or null when the key is not cached (or its entry expired). */
    public synchronized List<String> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.instant().isAfter(entry.expires())) {
            entries.remove(key);
            return null;
        }
        return entry.ids();
    }

    public synchronized void put(String key, List<String> ids) {
        entries.put(key, new Entry(List.copyOf(ids), clock.instant().plus(ttl)));
    }

    public synchronized void remove(String key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }
}
