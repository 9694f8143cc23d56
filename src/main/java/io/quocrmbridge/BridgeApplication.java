package io.quocrmbridge;

import org.apache.camel.main.Main;

/**
 * Starts the bridge as a standalone Camel Main process.
 *
 * <p>Reads {@code ./application.properties} (or the file named by {@code BRIDGE_CONFIG}) and the route files
 * named by {@code camel.main.routes-include-pattern} ({@code ./routes/*.camel.yaml} by default). Every setting
 * can be overridden by an environment variable: upper case, with dots and dashes turned into underscores
 * ({@code CRM_TARGETS} overrides {@code crm.targets}).
 */
public final class BridgeApplication {

    /** Environment variable naming the properties file to read instead of ./application.properties. */
    public static final String CONFIG_FILE_ENV = "BRIDGE_CONFIG";

    private BridgeApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(BridgeApplication.class);
        main.setDefaultPropertyPlaceholderLocation(propertiesLocation());
        main.run(args);
    }

    /** Where Camel Main reads the configuration from; shared with the tests so they run what users run. */
    public static String propertiesLocation() {
        String file = System.getenv(CONFIG_FILE_ENV);
        if (file == null || file.isBlank()) {
            file = "application.properties";
        }
        return "file:" + file;
    }
}
