package io.quocrmbridge;

import java.time.Duration;

import org.apache.camel.CamelContext;

/**
 * Reads the bridge's settings from Camel's property placeholders: application.properties, overridden by
 * environment variables (upper case, dots and dashes as underscores).
 */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    /** The setting's value, trimmed; the fallback when it is missing or blank. */
    public String string(String key, String fallback) {
        String value = context.getPropertiesComponent().resolveProperty(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        value = context.resolvePropertyPlaceholders(value).trim();
        return value.isEmpty() ? fallback : value;
    }

    public String required(String key) {
        String value = string(key, null);
        if (value == null) {
            throw new IllegalArgumentException("setting " + key + " (" + envName(key) + ") is required");
        }
        return value;
    }

    public int integer(String key, int fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envName(key) + " must be a whole number, not '" + value + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String value = string(key, null);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public Duration millis(String key, long fallback) {
        return Duration.ofMillis(integer(key, (int) fallback));
    }

    /** The environment variable that overrides a setting. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
