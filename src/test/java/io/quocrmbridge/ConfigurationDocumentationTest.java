package io.quocrmbridge;

import io.quocrmbridge.config.Settings;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every setting users can change is commented in application.properties and documented in the README. */
class ConfigurationDocumentationTest {

    private static List<String> bridgeKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("application.properties"))) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("camel.")) {
                continue;
            }
            keys.add(trimmed.substring(0, trimmed.indexOf('=')).trim());
        }
        return keys;
    }

    /** The README's configuration table: variable to documented default ("" for "(empty)"). */
    private static java.util.Map<String, String> readmeTable() throws IOException {
        java.util.Map<String, String> rows = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (.*?) \\| .* \\|$");
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            java.util.regex.Matcher m = row.matcher(line.trim());
            if (m.matches()) {
                String value = m.group(2).trim();
                rows.put(m.group(1), value.equals("(empty)") ? "" : value.replaceAll("^`|`$", ""));
            }
        }
        return rows;
    }

    /** application.properties: variable to default value. */
    private static java.util.Map<String, String> propertyDefaults() throws IOException {
        java.util.Map<String, String> defaults = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("application.properties"))) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("camel.")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            defaults.put(Settings.envName(trimmed.substring(0, eq).trim()), trimmed.substring(eq + 1).trim());
        }
        return defaults;
    }

    @Test
    void theReadmeTableListsExactlyTheSettingsWithTheirDefaults() throws IOException {
        java.util.Map<String, String> table = readmeTable();
        java.util.Map<String, String> defaults = propertyDefaults();
        java.util.Set<String> extraRows = new java.util.TreeSet<>(table.keySet());
        extraRows.removeAll(defaults.keySet());
        java.util.Set<String> missingRows = new java.util.TreeSet<>(defaults.keySet());
        missingRows.removeAll(table.keySet());
        assertThat("table rows without a setting", extraRows, empty());
        assertThat("settings without a table row", missingRows, empty());
        List<String> wrong = new ArrayList<>();
        defaults.forEach((variable, value) -> {
            if (!value.equals(table.get(variable))) {
                wrong.add(variable + ": application.properties '" + value + "', README '" + table.get(variable) + "'");
            }
        });
        assertThat("defaults that differ", wrong, empty());
    }

    @Test
    void everySettingHasItsEnvironmentVariableInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (String key : bridgeKeys()) {
            String variable = Settings.envName(key);
            if (!readme.contains("`" + variable + "`")) {
                missing.add(variable);
            }
        }
        assertThat(bridgeKeys().size(), greaterThan(20));
        assertThat("settings missing from README.md's configuration table", missing, empty());
    }

    @Test
    void everySettingIsCommentedInApplicationProperties() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        List<String> uncommented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("camel.")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('=')).trim();
            if (i == 0 || !lines.get(i - 1).trim().startsWith("#")) {
                uncommented.add(key);
            } else {
                // the comment block right above the key
                StringBuilder comment = new StringBuilder();
                for (int j = i - 1; j >= 0 && lines.get(j).trim().startsWith("#"); j--) {
                    comment.insert(0, lines.get(j).trim() + " ");
                }
                assertThat(key + " names its variable in its comment", comment.toString(),
                        containsString("(" + Settings.envName(key)));
            }
        }
        assertThat("settings without a comment", uncommented, empty());
    }
}
