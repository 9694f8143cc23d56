package io.quocrmbridge.crm.hubspot;

import java.time.Clock;
import java.time.Duration;

import io.quocrmbridge.Settings;
import io.quocrmbridge.activity.LinkPolicy;
import io.quocrmbridge.crm.CrmWriter;
import io.quocrmbridge.crm.CustomFieldMapping;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.OutboxStore;
import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the HubSpot target (routes/crm-hubspot.camel.yaml, routes/crm-hubspot-activities.camel.yaml) from the
 * {@code HUBSPOT_*} settings: the beans its routes call ({@code hubspotContacts}, {@code hubspotActivities},
 * {@code hubspotLinks}, {@code hubspotApiUsage}) and the spacing of its two throttles. With hubspot in CRM_TARGETS the
 * bridge refuses to start without HUBSPOT_TOKEN.
 */
public final class HubSpotSetup {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotSetup.class);

    /** The target name in CRM_TARGETS. */
    public static final String TARGET = "hubspot";

    private HubSpotSetup() {
    }

    /** The stores and helpers the HubSpot beans share with the rest of the bridge. */
    public record Parts(Database database, OutboxStore outbox, ActivityStore activities, PhoneNumbers phones,
                        LinkPolicy policy, CrmWriter crmWriter, BridgeMetrics metrics, Clock clock) {
    }

    public static void configure(CamelContext context, Settings settings, boolean active, Parts parts) {
        HubSpotSettings hubspot = HubSpotSettings.from(settings);
        int rateLimit = settings.integer("hubspot.rate-limit", 100);
        int searchRateLimit = settings.integer("hubspot.search.rate-limit", 4);
        if (rateLimit < 1 || searchRateLimit < 1) {
            throw new IllegalArgumentException("HUBSPOT_RATE_LIMIT and HUBSPOT_SEARCH_RATE_LIMIT must be at least 1");
        }
        // both throttles space calls evenly; 5% headroom so network jitter never puts more than the limit into any
        // window at HubSpot's end (the rolling 10-second window, and the search API's one second)
        context.getPropertiesComponent().addInitialProperty("hubspot.api.interval-ms",
                Long.toString((long) Math.ceil(10_500.0 / rateLimit)));
        context.getPropertiesComponent().addInitialProperty("hubspot.search.interval-ms",
                Long.toString((long) Math.ceil(1_050.0 / searchRateLimit)));
        if (active) {
            if (settings.string("hubspot.token", null) == null) {
                throw new IllegalArgumentException("CRM_TARGETS includes hubspot, which needs HUBSPOT_TOKEN (a private "
                        + "app's access token, sent as a Bearer token)");
            }
            LOG.info("HubSpot target: {}, at most {} requests per 10 s ({} searches per second), {} inputs a batch",
                    settings.string("hubspot.base-url", "https://api.hubapi.com"), rateLimit, searchRateLimit,
                    hubspot.batchSize());
        }
        var registry = context.getRegistry();
        registry.bind("hubspotContacts", new HubSpotContacts(parts.database(), parts.outbox(), hubspot,
                CustomFieldMapping.parse(TARGET, "HUBSPOT_CONTACT_CUSTOM_FIELDS",
                        settings.string("hubspot.contact.custom-fields", ""),
                        settings.string("bridge.custom-fields.skip", ""))));
        registry.bind("hubspotActivities", new HubSpotActivities(parts.database(), parts.outbox(), hubspot));
        registry.bind("hubspotApiUsage", new HubSpotApiUsage(parts.metrics(), TARGET));
        Duration ttl = Duration.ofMillis(TimeUtils.toMilliSeconds(settings.string("hubspot.link.cache-ttl", "10m")));
        HubSpotLinks links = new HubSpotLinks(parts.database(), parts.outbox(), parts.activities(), parts.phones(),
                parts.policy(), hubspot, TARGET,
                new LookupCache(settings.integer("hubspot.link.cache-size", 10_000), ttl, parts.clock()));
        parts.crmWriter().addListener(links);
        registry.bind("hubspotLinks", links);
    }
}
