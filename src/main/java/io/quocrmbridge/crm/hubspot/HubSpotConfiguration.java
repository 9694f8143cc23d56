package io.quocrmbridge.crm.hubspot;

import java.time.Clock;

import io.quocrmbridge.config.Concern;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;



/**
 * Wires the HubSpot target (routes/crm-hubspot.camel.yaml, routes/crm-hubspot-activities.camel.yaml) from the
 * {@code HUBSPOT_*} settings: the beans its routes call ({@code hubspotContacts}, {@code hubspotActivities},
 * {@code hubspotLinks}, {@code hubspotApiUsage}) and the spacing of its two throttles. With hubspot in CRM_TARGETS (and
 * not in dry-run mode) the bridge refuses to start without HUBSPOT_TOKEN.
 */
public final class HubSpotConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotConfiguration.class);

    /** The target name in CRM_TARGETS. */
    public static final String TARGET = "hubspot";

    /**
     * Derived for routes/crm-hubspot*.camel.yaml: the spacing of the token's throttle and of the search throttle, in
     * ms, from HUBSPOT_RATE_LIMIT (per 10 s) and HUBSPOT_SEARCH_RATE_LIMIT (per second), each with 5% headroom so
     * network jitter never puts more than the limit into any window at HubSpot's end.
     */
    public static final String API_INTERVAL = "hubspot.api.interval-ms";
    public static final String SEARCH_INTERVAL = "hubspot.search.interval-ms";

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        HubSpotSettings hubspot = HubSpotSettings.from(settings);
        int rateLimit = settings.integer("hubspot.rate-limit", 1);
        int searchRateLimit = settings.integer("hubspot.search.rate-limit", 1);
        settings.derive(API_INTERVAL, Long.toString((long) Math.ceil(10_500.0 / rateLimit)));
        settings.derive(SEARCH_INTERVAL, Long.toString((long) Math.ceil(1_050.0 / searchRateLimit)));
        boolean live = Beans.of(context, "crmTargets", CrmTargets.class).isActive(TARGET)
                && !settings.bool("crm.dry-run");
        if (live) {
            if (settings.string("hubspot.token") == null) {
                throw new IllegalArgumentException("CRM_TARGETS includes hubspot, which needs HUBSPOT_TOKEN (a private "
                        + "app's access token, sent as a Bearer token)");
            }
            LOG.info("HubSpot target: {}, at most {} requests per 10 s ({} searches per second), {} inputs a batch",
                    settings.required("hubspot.base-url"), rateLimit, searchRateLimit, hubspot.batchSize());
        }
        Database database = Beans.of(context, "database", Database.class);
        OutboxStore outbox = Beans.of(context, "outbox", OutboxStore.class);
        var registry = context.getRegistry();
        registry.bind("hubspotContacts", new HubSpotContacts(database, outbox, hubspot,
                CustomFieldMapping.parse(TARGET, "HUBSPOT_CONTACT_CUSTOM_FIELDS",
                        settings.text("hubspot.contact.custom-fields"), settings.text("bridge.custom-fields.skip"))));
        registry.bind("hubspotActivities", new HubSpotActivities(database, outbox, hubspot));
        registry.bind("hubspotApiUsage", new HubSpotApiUsage(Beans.of(context, "bridgeMetrics", BridgeMetrics.class),
                TARGET));
        HubSpotLinks links = new HubSpotLinks(database, outbox, Beans.of(context, "activityStore", ActivityStore.class),
                Beans.of(context, "phoneNumbers", PhoneNumbers.class), Beans.of(context, "linkPolicy", LinkPolicy.class),
                hubspot, TARGET, new LookupCache(settings.integer("hubspot.link.cache-size", 1),
                        settings.duration("hubspot.link.cache-ttl"), Clock.systemUTC()));
        Beans.of(context, "crmWriter", CrmWriter.class).addListener(links);
        registry.bind("hubspotLinks", links);
    }
}
