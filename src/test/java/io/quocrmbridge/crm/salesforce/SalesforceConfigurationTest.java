package io.quocrmbridge.crm.salesforce;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.quocrmbridge.BridgeApplication;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmTargets;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SALESFORCE_* settings at start: with salesforce in CRM_TARGETS, each SALESFORCE_AUTH_TYPE needs its own
 * settings and the bridge refuses to start naming exactly the ones missing; without salesforce nothing is needed.
 * Runs {@link SalesforceConfiguration#configure} as the bridge's configuration does, on a Camel context reading the
 * repository's application.properties (where every SALESFORCE_* credential is present but empty) with the test's
 * settings over it.
 */
class SalesforceConfigurationTest {

    /** Per auth type, the settings it needs (key and the variable the refusal names), in the order named. */
    private static final Map<AuthenticationType, Map<String, String>> NEEDS = Map.of(
            AuthenticationType.CLIENT_CREDENTIALS, needs(
                    "salesforce.client-id", "SALESFORCE_CLIENT_ID",
                    "salesforce.client-secret", "SALESFORCE_CLIENT_SECRET"),
            AuthenticationType.JWT, needs(
                    "salesforce.client-id", "SALESFORCE_CLIENT_ID",
                    "salesforce.username", "SALESFORCE_USERNAME",
                    "salesforce.jwt.keystore", "SALESFORCE_JWT_KEYSTORE"),
            AuthenticationType.REFRESH_TOKEN, needs(
                    "salesforce.client-id", "SALESFORCE_CLIENT_ID",
                    "salesforce.client-secret", "SALESFORCE_CLIENT_SECRET",
                    "salesforce.refresh-token", "SALESFORCE_REFRESH_TOKEN"),
            AuthenticationType.USERNAME_PASSWORD, needs(
                    "salesforce.client-id", "SALESFORCE_CLIENT_ID",
                    "salesforce.client-secret", "SALESFORCE_CLIENT_SECRET",
                    "salesforce.username", "SALESFORCE_USERNAME",
                    "salesforce.password", "SALESFORCE_PASSWORD"));

    /** A plausible value for each setting. */
    private static final Map<String, String> VALUES = Map.of(
            "salesforce.client-id", "3MVG9test.consumer.key",
            "salesforce.client-secret", "test-consumer-secret",
            "salesforce.username", "integration@acme.example",
            "salesforce.password", "correct-horse-battery-staple0123456789abcdefgh",
            "salesforce.refresh-token", "5Aep861test.refresh.token",
            "salesforce.jwt.keystore", "file:/secrets/sf.p12");

    private DefaultCamelContext context;

    private static Map<String, String> needs(String... keysAndNames) {
        Map<String, String> needs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndNames.length; i += 2) {
            needs.put(keysAndNames[i], keysAndNames[i + 1]);
        }
        return needs;
    }

    static Stream<Arguments> everyNeededSetting() {
        List<Arguments> cases = new ArrayList<>();
        NEEDS.forEach((type, needs) -> needs.forEach((key, name) -> cases.add(Arguments.of(type, key, name))));
        return cases.stream();
    }

    /**
     * Configures camel-salesforce from application.properties with {@code settings} over it, deciding whether
     * salesforce is a target from {@code crm.targets} as the bridge's configuration does; returns the component.
     */
    private SalesforceComponent configure(Properties settings) {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(BridgeApplication.propertiesLocation());
        context.getPropertiesComponent().setOverrideProperties(settings);
        Settings bridgeSettings = new Settings(context);
        boolean active = CrmTargets.parse(bridgeSettings.required("crm.targets")).isActive("salesforce");
        SalesforceConfiguration.configure(context, bridgeSettings, active);
        return context.getComponent("salesforce", SalesforceComponent.class);
    }

    private static Properties salesforce(AuthenticationType type) {
        Properties settings = new Properties();
        settings.put("crm.targets", "dry-run,salesforce");
        settings.put("salesforce.auth-type", type.name());
        return settings;
    }

    private String refusal(Properties settings) {
        return assertThrows(IllegalArgumentException.class, () -> configure(settings)).getMessage();
    }

    @AfterEach
    void closeContext() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AuthenticationType.class)
    void everyAuthTypeStartsWithJustTheSettingsItNeeds(AuthenticationType type) {
        Properties settings = salesforce(type);
        NEEDS.get(type).keySet().forEach(key -> settings.put(key, VALUES.get(key)));

        SalesforceComponent component = configure(settings);

        assertThat(component.getAuthenticationType(), equalTo(type));
        assertThat(component.getClientId(), equalTo(VALUES.get("salesforce.client-id")));
        assertThat(component.isLazyLogin(), is(true));
    }

    @ParameterizedTest(name = "{0} without {2}")
    @MethodSource("everyNeededSetting")
    void aMissingSettingOfTheChosenAuthTypeRefusesTheStartNamingExactlyThatVariable(AuthenticationType type,
                                                                                      String left, String name) {
        Properties settings = salesforce(type);
        NEEDS.get(type).keySet().stream().filter(key -> !key.equals(left))
                .forEach(key -> settings.put(key, VALUES.get(key)));

        assertThat(refusal(settings), equalTo("CRM_TARGETS includes salesforce with SALESFORCE_AUTH_TYPE=" + type
                + ", which needs " + name));
    }

    @ParameterizedTest
    @EnumSource(AuthenticationType.class)
    void withNoCredentialsAnAuthTypeNamesEveryVariableItNeedsAndNoOther(AuthenticationType type) {
        assertThat(refusal(salesforce(type)), equalTo("CRM_TARGETS includes salesforce with SALESFORCE_AUTH_TYPE="
                + type + ", which needs " + String.join(", ", NEEDS.get(type).values())));
    }

    @Test
    void aSettingThatIsOnlySpacesCountsAsMissing() {
        Properties settings = salesforce(AuthenticationType.CLIENT_CREDENTIALS);
        settings.put("salesforce.client-id", VALUES.get("salesforce.client-id"));
        settings.put("salesforce.client-secret", "   ");

        assertThat(refusal(settings), equalTo("CRM_TARGETS includes salesforce with "
                + "SALESFORCE_AUTH_TYPE=CLIENT_CREDENTIALS, which needs SALESFORCE_CLIENT_SECRET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OAUTH2", "password", "SAML"})
    void anUnknownAuthTypeIsRefusedWithTheAllowedList(String unknown) {
        Properties settings = salesforce(AuthenticationType.CLIENT_CREDENTIALS);
        settings.put("salesforce.auth-type", unknown);
        VALUES.forEach(settings::put);

        assertThat(refusal(settings), equalTo("SALESFORCE_AUTH_TYPE must be CLIENT_CREDENTIALS, JWT, REFRESH_TOKEN or "
                + "USERNAME_PASSWORD, not '" + unknown.toUpperCase(java.util.Locale.ROOT) + "'"));
    }

    @Test
    void anAuthTypeWrittenInLowerCaseWithDashesIsTheSameType() {
        Properties settings = salesforce(AuthenticationType.REFRESH_TOKEN);
        settings.put("salesforce.auth-type", "refresh-token");
        NEEDS.get(AuthenticationType.REFRESH_TOKEN).keySet().forEach(key -> settings.put(key, VALUES.get(key)));

        assertThat(configure(settings).getAuthenticationType(), equalTo(AuthenticationType.REFRESH_TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "USERNAME_PASSWORD", "NOT-A-TYPE"})
    void withSalesforceNotInCrmTargetsNothingIsRequired(String authType) {
        Properties settings = new Properties();
        settings.put("crm.targets", "dry-run");
        settings.put("salesforce.auth-type", authType);

        SalesforceComponent component = configure(settings);

        assertThat(component.getAuthenticationType(), nullValue());
        assertThat(component.getClientId(), nullValue());
        assertThat(component.isLazyLogin(), is(true));
        assertThat(component.getLoginUrl(), equalTo("https://login.salesforce.com"));
    }
}
