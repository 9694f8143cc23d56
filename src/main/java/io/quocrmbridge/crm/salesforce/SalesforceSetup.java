package io.quocrmbridge.crm.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.quocrmbridge.Settings;
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
 * and keeps queueing work while Salesforce is unreachable; with Salesforce not in {@code CRM_TARGETS} nothing logs in.
 */
public final class SalesforceSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSetup.class);

    private SalesforceSetup() {
    }

    /**
     * @param active whether salesforce is one of the CRM targets; credentials are only checked when it is
     * @throws IllegalArgumentException naming the missing settings of the chosen auth type
     */
    public static void configure(CamelContext context, Settings settings, boolean active) {
        SalesforceComponent component = context.getComponent("salesforce", SalesforceComponent.class);
        component.setLazyLogin(true);
        if (component.getConfig() == null) {
            component.setConfig(new SalesforceEndpointConfig());
        }
        component.getConfig().setApiVersion(settings.string("salesforce.api-version", "61.0"));
        // the bridge sends and reads JSON itself: no generated sObject classes are needed (and none are found here)
        component.getConfig().setRawPayload(true);
        component.setPackages(SalesforceSetup.class.getPackageName());
        component.setLoginUrl(settings.string("salesforce.login-url", "https://login.salesforce.com"));
        String instanceUrl = settings.string("salesforce.instance-url", null);
        if (instanceUrl != null) {
            component.setInstanceUrl(instanceUrl);
        }
        if (!active) {
            return;
        }
        String typeName = settings.string("salesforce.auth-type", "CLIENT_CREDENTIALS").toUpperCase(Locale.ROOT);
        AuthenticationType type;
        try {
            type = AuthenticationType.valueOf(typeName.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SALESFORCE_AUTH_TYPE must be CLIENT_CREDENTIALS, JWT, REFRESH_TOKEN or "
                    + "USERNAME_PASSWORD, not '" + typeName + "'");
        }
        String clientId = settings.string("salesforce.client-id", null);
        String clientSecret = settings.string("salesforce.client-secret", null);
        String userName = settings.string("salesforce.username", null);
        String password = settings.string("salesforce.password", null);
        String refreshToken = settings.string("salesforce.refresh-token", null);
        String keystore = settings.string("salesforce.jwt.keystore", null);
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
            parameters.setPassword(settings.string("salesforce.jwt.keystore-password", ""));
            parameters.setType(keystore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
            component.setKeystore(parameters);
        }
        LOG.info("Salesforce target: {} login at {}, API v{}", type, settings.string("salesforce.login-url", ""),
                settings.string("salesforce.api-version", "61.0"));
    }

    private static void require(List<String> missing, String value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }
}
