package io.quocrmbridge.support;

import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;

/** The bridge with CRM_TARGETS=salesforce pointed at a {@link FakeSalesforce} started for the test. */
public abstract class SalesforceTestSupport extends BridgeTestSupport {

    /** The contact of fixtures/beta/contact.updated.json. */
    public static final String CONTACT = "CT7f3e2d1c0b9a8f7e6d5c4b3a2";
    public static final String CONTACT_EVENT = "EVb3f0c2a1d4e54c6f8a9b0c1d2e3f4a5b";
    public static final String UPSERT_PATH = "/services/data/v61.0/sobjects/Contact/Quo_Contact_Id__c/" + CONTACT;
    public static final String COLLECTION_PATH = "/services/data/v61.0/composite/sobjects/Contact/Quo_Contact_Id__c";

    /** One fake org per test class (it must outlive each test's bridge, which logs out at shutdown), reset per test. */
    private static FakeSalesforce org;

    protected FakeSalesforce salesforce;

    @Override
    protected final void bridgeProperties(Properties properties) {
        if (org == null) {
            org = new FakeSalesforce();
        }
        org.reset();
        salesforce = org;
        properties.put("crm.targets", "salesforce");
        properties.put("salesforce.login-url", salesforce.baseUrl());
        properties.put("salesforce.auth-type", "CLIENT_CREDENTIALS");
        properties.put("salesforce.client-id", "test-client-id");
        properties.put("salesforce.client-secret", "test-client-secret-value");
        properties.put("crm.retry.initial-delay-ms", "50");
        properties.put("crm.retry.max-delay-ms", "200");
        salesforceProperties(properties);
    }

    /** Test-specific settings. */
    protected void salesforceProperties(Properties properties) {
    }

    @AfterAll
    static void stopSalesforce() {
        if (org != null) {
            org.close();
            org = null;
        }
    }

    /** A beta contact.updated event for contact CTburst{i}, with its own event id and e-mail address. */
    public static String contactEvent(int i, String email) {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(event, "/id", "EVburst" + i);
        Fixtures.with(event, "/data/resource/id", "CTburst" + i);
        Fixtures.with(event, "/data/resource/lastName", "Person" + i);
        ((ObjectNode) event.at("/data/resource/emails/0")).put("value", email);
        return Fixtures.write(event);
    }
}
