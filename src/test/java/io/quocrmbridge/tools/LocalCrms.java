package io.quocrmbridge.tools;

import java.util.concurrent.CountDownLatch;

import io.quocrmbridge.support.FakeHubSpot;
import io.quocrmbridge.support.FakeSalesforce;

/**
 * The test suite's Salesforce-shaped and HubSpot-shaped servers on fixed local ports, for trying the bridge by hand
 * without a CRM account (and for capturing the traces in docs/reading-traces.md): {@code scripts/local-crms.sh}.
 * Salesforce on 127.0.0.1:18444 (any client id and secret log in), HubSpot on 127.0.0.1:18445 (token
 * {@code pat-local-demo-token}). Stops on Ctrl-C. Every HubSpot request is checked against HubSpot's OpenAPI files;
 * violations are printed.
 */
public final class LocalCrms {

    public static final String HUBSPOT_TOKEN = "pat-local-demo-token";

    private LocalCrms() {
    }

    public static void main(String[] args) throws Exception {
        int salesforcePort = args.length > 0 ? Integer.parseInt(args[0]) : 18444;
        int hubspotPort = args.length > 1 ? Integer.parseInt(args[1]) : 18445;
        FakeSalesforce salesforce = new FakeSalesforce(salesforcePort);
        FakeHubSpot hubspot = new FakeHubSpot(HUBSPOT_TOKEN, hubspotPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hubspot.contractViolations().forEach(v -> System.out.println("HubSpot contract violation: " + v));
            salesforce.close();
            hubspot.close();
            stopped.countDown();
        }));
        System.out.println("Salesforce-shaped server: SALESFORCE_LOGIN_URL=" + salesforce.baseUrl()
                + " (any SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET)");
        System.out.println("HubSpot-shaped server:    HUBSPOT_BASE_URL=" + hubspot.baseUrl() + " HUBSPOT_TOKEN="
                + HUBSPOT_TOKEN);
        System.out.println("Ctrl-C stops them.");
        stopped.await();
    }
}
