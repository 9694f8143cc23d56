package io.quocrmbridge.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;

/**
 * Reads the bridge's settings from Camel's property placeholders: application.properties, overridden by
 * environment variables (upper case, dots and dashes as underscores). Every setting has its one default in
 * application.properties; code names no fallback. Values are checked strictly at start: a boolean is {@code true}
 * or {@code false}, a choice one of its words, a duration a Camel duration; anything else stops the start with the
 * variable named.
 */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    /** The setting's value, trimmed; null when it is blank. */
    public String string(String key) {
        String value = context.getPropertiesComponent().resolveProperty(key).orElseThrow(() ->
                new IllegalStateException("setting " + key + " has no entry in application.properties"));
        value = context.resolvePropertyPlaceholders(value).trim();
        return value.isEmpty() ? null : value;
    }

    /** The setting's value, trimmed; "" when it is blank. */
    public String text(String key) {
        String value = string(key);
        return value == null ? "" : value;
    }

    /** The setting's value; a blank one stops the start. */
    public String required(String key) {
        String value = string(key);
        if (value == null) {
            throw new IllegalArgumentException(envName(key) + " is required");
        }
        return value;
    }

    public int integer(String key) {
        String value = required(key);
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envName(key) + " must be a whole number, not '" + value + "'");
        }
    }

    /** A whole number of at least {@code min}. */
    public int integer(String key, int min) {
        int value = integer(key);
        if (value < min) {
            throw new IllegalArgumentException(envName(key) + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    public double decimal(String key) {
        String value = required(key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envName(key) + " must be a number, not '" + value + "'");
        }
    }

    /** {@code true} or {@code false} (any case); any other word stops the start. */
    public boolean bool(String key) {
        String value = required(key);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(envName(key) + " must be true or false, not '" + value + "'");
    }

    /** A whole number of milliseconds. */
    public Duration millis(String key) {
        return Duration.ofMillis(integer(key, 0));
    }

    /** A Camel duration: {@code 30s}, {@code 15m}, {@code 1h30m}, {@code 2d}, or a plain number of milliseconds. */
    public Duration duration(String key) {
        String value = required(key);
        try {
            long millis = TimeUtils.toMilliSeconds(value);
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(envName(key) + " must be a duration such as 30s, 15m or 1h, not '"
                    + value + "'");
        }
    }

    /** One of {@code allowed} (compared in lower case), returned in lower case. */
    public String choice(String key, String... allowed) {
        String value = required(key).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new IllegalArgumentException(envName(key) + " must be " + String.join(", ", allowed) + ", not '"
                    + value + "'");
        }
        return value;
    }

    /** The comma-separated values of a setting, trimmed, without blanks. */
    public List<String> list(String key) {
        return Arrays.stream(text(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Sets a property that code derives for route files (such as {@code crm.active.<target>}); every such property
     * is named by a constant where it is set and documented there.
     */
    public void derive(String key, String value) {
        context.getPropertiesComponent().addInitialProperty(key, value);
    }

    public CamelContext context() {
        return context;
    }

    /** The environment variable that overrides a setting. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
