package io.quocrmbridge.crm.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.time.Clock;
import java.time.Duration;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.crm.CrmWriter;
import io.quocrmbridge.crm.CustomFieldMapping;
import io.quocrmbridge.crm.LinkPolicy;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures camel-salesforce from the {@code SALESFORCE_*} settings: login URL, auth type (client credentials,
 * JWT, refresh token or username-password) and what each needs, API version. Login is lazy, so the bridge starts
 * and keeps queueing work while Salesforce is unreachable; with Salesforce not in {@code CRM_TARGETS}, or in dry-run
 * mode, nothing logs in and no credential is needed.
 */
public final class SalesforceConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceConfiguration.class);

    /** The target name in CRM_TARGETS. */
    public static final String TARGET = "salesforce";

    /**
     * Binds the beans routes/crm-salesforce*.camel.yaml call ({@code salesforceContacts}, {@code salesforceTasks},
     * {@code salesforceLinks}, {@code salesforceApiUsage}) and configures camel-salesforce; the dry-run target uses the
     * same beans.
     */
    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        CrmTargets targets = Beans.of(context, "crmTargets", CrmTargets.class);
        boolean live = targets.isActive(TARGET) && !settings.bool("crm.dry-run");
        configure(context, settings, live);
        String apiVersion = settings.required("salesforce.api-version");
        String contactField = settings.required("salesforce.contact.external-id-field");
        var registry = context.getRegistry();
        registry.bind("salesforceContacts", new SalesforceContacts(apiVersion,
                settings.required("salesforce.contact.sobject"), contactField,
                settings.required("salesforce.contact.deleted-field"),
                CustomFieldMapping.parse(TARGET, "SALESFORCE_CONTACT_CUSTOM_FIELDS",
                        settings.text("salesforce.contact.custom-fields"), settings.text("bridge.custom-fields.skip"))));
        registry.bind("salesforceTasks", new SalesforceTasks(apiVersion, settings.required("salesforce.task.sobject"),
                settings.required("salesforce.task.external-id-field"),
                settings.integer("salesforce.task.description-max", 1)));
        registry.bind("salesforceApiUsage", new SalesforceApiUsage(Beans.of(context, "bridgeMetrics",
                BridgeMetrics.class)));
        List<String> objects = settings.list("salesforce.link.objects");
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("SALESFORCE_LINK_OBJECTS is empty: name Contact, Lead or both");
        }
        Clock clock = Clock.systemUTC();
        Duration ttl = settings.duration("salesforce.link.cache-ttl");
        SalesforceLinks links = new SalesforceLinks(Beans.of(context, "database", Database.class),
                Beans.of(context, "outbox", OutboxStore.class), Beans.of(context, "activityStore", ActivityStore.class),
                Beans.of(context, "phoneNumbers", PhoneNumbers.class), Beans.of(context, "linkPolicy", LinkPolicy.class),
                new SalesforceLinks.Settings(apiVersion, objects, settings.bool("salesforce.task.owner-by-email"),
                        contactField, settings.required("salesforce.lead.external-id-field"), TARGET),
                Beans.of(context, "workspaceDirectory", WorkspaceDirectory.class),
                new LookupCache(settings.integer("salesforce.link.cache-size", 1), ttl, clock),
                new LookupCache(1_000, ttl, clock));
        Beans.of(context, "crmWriter", CrmWriter.class).addListener(links);
        registry.bind("salesforceLinks", links);
    }

    /**
     * @param active whether salesforce is one of the CRM targets; credentials are only checked when it is
     * @throws IllegalArgumentException naming the missing settings of the chosen auth type
     */
    static void configure(CamelContext context, Settings settings, boolean active) {
        SalesforceComponent component = context.getComponent("salesforce", SalesforceComponent.class);
        component.setLazyLogin(true);
        if (component.getConfig() == null) {
            component.setConfig(new SalesforceEndpointConfig());
        }
        component.getConfig().setApiVersion(settings.required("salesforce.api-version"));
        // the bridge sends and reads JSON itself: no generated sObject classes are needed (and none are found here)
        component.getConfig().setRawPayload(true);
        component.setPackages(SalesforceConfiguration.class.getPackageName());
        component.setLoginUrl(settings.required("salesforce.login-url"));
        String instanceUrl = settings.string("salesforce.instance-url");
        if (instanceUrl != null) {
            component.setInstanceUrl(instanceUrl);
        }
        if (!active) {
            return;
        }
        String typeName = settings.required("salesforce.auth-type").toUpperCase(Locale.ROOT);
        AuthenticationType type;
        try {
            type = AuthenticationType.valueOf(typeName.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SALESFORCE_AUTH_TYPE must be CLIENT_CREDENTIALS, JWT, REFRESH_TOKEN or "
                    + "USERNAME_PASSWORD, not '" + typeName + "'");
        }
        String clientId = settings.string("salesforce.client-id");
        String clientSecret = settings.string("salesforce.client-secret");
        String userName = settings.string("salesforce.username");
        String password = settings.string("salesforce.password");
        String refreshToken = settings.string("salesforce.refresh-token");
        String keystore = settings.string("salesforce.jwt.keystore");
        List<String> missing = new ArrayList<>();
        require(missing, clientId, "SALESFORCE_CLIENT_ID");
        switch (type) {
            case CLIENT_CREDENTIALS -> require(missing, clientSecret, "SALESFORCE_CLIENT_SECRET");
            case REFRESH_TOKEN -> {
                require(missing, clientSecret, "SALESFORCE_CLIENT_SECRET");
                require(missing, refreshToken, "SALESFORCE_REFRESH_TOKEN");
            }
            case USERNAME_PASSWORD -> {
                require(missing, clientSecret, "SALESFORCE_CLIENT_SECRET");
                require(missing, userName, "SALESFORCE_USERNAME");
                require(missing, password, "SALESFORCE_PASSWORD");
            }
            case JWT -> {
                require(missing, userName, "SALESFORCE_USERNAME");
                require(missing, keystore, "SALESFORCE_JWT_KEYSTORE");
            }
            default -> {
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("CRM_TARGETS includes salesforce with SALESFORCE_AUTH_TYPE=" + type
                    + ", which needs " + String.join(", ", missing));
        }
        component.setAuthenticationType(type);
        component.setClientId(clientId);
        if (clientSecret != null) {
            component.setClientSecret(clientSecret);
        }
        if (userName != null) {
            component.setUserName(userName);
        }
        if (password != null) {
            component.setPassword(password);
        }
        if (refreshToken != null) {
            component.setRefreshToken(refreshToken);
        }
        if (type == AuthenticationType.JWT) {
            KeyStoreParameters parameters = new KeyStoreParameters();
            parameters.setResource(keystore);
            parameters.setPassword(settings.text("salesforce.jwt.keystore-password"));
            parameters.setType(keystore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
            component.setKeystore(parameters);
        }
        LOG.info("Salesforce target: {} login at {}, API v{}", type, settings.required("salesforce.login-url"),
                settings.required("salesforce.api-version"));
    }

    private static void require(List<String> missing, String value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }
}
