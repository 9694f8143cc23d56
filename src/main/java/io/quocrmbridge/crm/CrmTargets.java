package io.quocrmbridge.crm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CRM targets events go to ({@code CRM_TARGETS}): each name has a route file whose writer routes are
 * started only when the name is listed here ({@code autoStartup: "{{crm.active.<name>:false}}"}).
 */
public final class CrmTargets {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final List<String> names;

    private CrmTargets(List<String> names) {
        this.names = List.copyOf(names);
    }

    /**
     * Parses the comma-separated list.
     *
     * @throws IllegalArgumentException when a name is not a lower-case identifier, or the list is empty
     */
    public static CrmTargets parse(String configured) {
        Set<String> names = new LinkedHashSet<>();
        if (configured != null) {
            for (String part : configured.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("CRM_TARGETS: '" + part.trim()
                            + "' is not a target name (lower-case letters, digits and dashes)");
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("CRM_TARGETS is empty: name at least one target, e.g. dry-run");
        }
        return new CrmTargets(new ArrayList<>(names));
    }

    public List<String> names() {
        return names;
    }

    public boolean isActive(String name) {
        return names.contains(name);
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
