package io.quocrmbridge.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * The bridge with CRM_TARGETS=hubspot pointed at a {@link FakeHubSpot} started for the test class (reset per test).
 * Every request the bridge sends is checked against HubSpot's own OpenAPI files: a test fails on any contract
 * violation.
 */
public abstract class HubSpotTestSupport extends BridgeTestSupport {

    public static final String TOKEN = "pat-na1-test-hubspot-token-0000";

    /** One fake account per test class (loading HubSpot's OpenAPI files takes a few seconds), reset per test. */
    private static FakeHubSpot account;

    protected FakeHubSpot hubspot;

    @Override
    protected final void bridgeProperties(Properties properties) {
        if (account == null) {
            account = new FakeHubSpot(TOKEN);
        }
        account.reset();
        hubspot = account;
        properties.put("crm.targets", "hubspot");
        properties.put("hubspot.base-url", hubspot.baseUrl());
        properties.put("hubspot.token", TOKEN);
        // the test account's windows are what a test sets; the bridge's own throttle stays out of the way
        properties.put("hubspot.rate-limit", "1000");
        properties.put("hubspot.search.rate-limit", "50");
        properties.put("crm.retry.initial-delay-ms", "50");
        properties.put("crm.retry.max-delay-ms", "200");
        hubspotProperties(properties);
    }

    /** Test-specific settings. */
    protected void hubspotProperties(Properties properties) {
    }

    @AfterEach
    void noContractViolations() {
        if (hubspot != null) {
            List<String> violations = hubspot.contractViolations();
            assertThat("requests HubSpot's OpenAPI files reject", violations, empty());
        }
    }

    @AfterAll
    static void stopHubSpot() {
        if (account != null) {
            account.close();
            account = null;
        }
    }

    /** The HubSpot requests to a path (method and path as "POST /crm/v3/..."), in order. */
    public List<FakeHubSpot.Served> requests(String method, String path) {
        return hubspot.served().stream().filter(s -> s.method().equals(method) && s.path().startsWith(path)).toList();
    }
}
