package io.quocrmbridge.crm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quocrmbridge.canonical.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quo custom fields mapped to CRM fields by configuration ({@code SALESFORCE_CONTACT_CUSTOM_FIELDS}:
 * {@code quoKey=CrmField[:date],...}). Each Quo type gets a CRM-ready value: multi-select joined with ";",
 * numbers and booleans as such, dates as ISO date-time (or a plain date with {@code :date}), string, url and address
 * as text. A custom field that is neither mapped nor listed in {@code BRIDGE_CUSTOM_FIELDS_SKIP} is logged once, so
 * every field is either mapped or skipped on purpose.
 */
public final class CustomFieldMapping {

    private static final Logger LOG = LoggerFactory.getLogger(CustomFieldMapping.class);

    private final String target;
    private final Map<String, Field> fields;
    private final Set<String> skipped;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** One mapped field: the CRM field, and whether it takes a date without time. */
    public record Field(String crmField, boolean dateOnly) {
    }

    public CustomFieldMapping(String target, Map<String, Field> fields, Set<String> skipped) {
        this.target = target;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.skipped = Set.copyOf(skipped);
    }

    /**
     * Parses {@code key=Field[:date],key2=Field2}.
     *
     * @param setting the variable's name, for error messages
     */
    public static CustomFieldMapping parse(String target, String setting, String configured, String skip) {
        Map<String, Field> fields = new LinkedHashMap<>();
        if (configured != null) {
            for (String part : configured.split(",")) {
                String pair = part.trim();
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0 || equals == pair.length() - 1) {
                    throw new IllegalArgumentException(setting + ": '" + pair
                            + "' is not quoKey=CrmField (optionally followed by :date)");
                }
                String key = pair.substring(0, equals).trim();
                String field = pair.substring(equals + 1).trim();
                boolean dateOnly = false;
                if (field.toLowerCase(Locale.ROOT).endsWith(":date")) {
                    dateOnly = true;
                    field = field.substring(0, field.length() - 5).trim();
                }
                if (field.isEmpty()) {
                    throw new IllegalArgumentException(setting + ": '" + pair + "' names no CRM field");
                }
                fields.put(key, new Field(field, dateOnly));
            }
        }
        Set<String> skipped = new java.util.HashSet<>();
        if (skip != null) {
            for (String key : skip.split(",")) {
                if (!key.isBlank()) {
                    skipped.add(key.trim());
                }
            }
        }
        return new CustomFieldMapping(target, fields, skipped);
    }

    /** Adds the configured custom fields of a canonical contact to the mapped CRM record. */
    public void addTo(ObjectNode mapped, JsonNode contact) {
        JsonNode custom = contact == null ? null : contact.get("custom");
        if (custom == null || !custom.isObject()) {
            return;
        }
        custom.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            JsonNode field = entry.getValue();
            Field target = fields.get(key);
            if (target == null) {
                reportUnmapped(key, field.path("type").asText("unknown"));
                return;
            }
            JsonNode value = field.get("text");
            if (target.dateOnly() && value != null && value.isTextual()) {
                value = dateOnly(value.asText());
            }
            mapped.set(target.crmField(), value == null ? NullNode.getInstance() : value);
        });
    }

    private void reportUnmapped(String key, String type) {
        if (skipped.contains(key) || !reported.add(key)) {
            return;
        }
        LOG.info("Quo custom field '{}' ({}) is not mapped for {}: map it in the target's custom-fields setting, "
                + "or list it in BRIDGE_CUSTOM_FIELDS_SKIP to skip it on purpose", key, type, this.target);
    }

    /**
     * A date-only value from Quo's date custom field, which holds midnight of the chosen day in the user's time
     * zone: rounded to the nearest UTC midnight, which is that day wherever the user is (offsets stay within ±14h).
     */
    static JsonNode dateOnly(String iso) {
        Long millis = Timestamps.epochMillis(iso);
        if (millis == null) {
            return iso.length() >= 10 ? TextNode.valueOf(iso.substring(0, 10)) : NullNode.getInstance();
        }
        long day = 86_400_000L;
        long rounded = Math.floorDiv(millis + day / 2, day) * day;
        return TextNode.valueOf(LocalDate.ofInstant(Instant.ofEpochMilli(rounded), ZoneOffset.UTC).toString());
    }

    public Map<String, Field> fields() {
        return fields;
    }
}
