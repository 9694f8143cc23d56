package io.quocrmbridge;

import java.util.List;

import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.activity.ActivityConfiguration;
import io.quocrmbridge.admin.AdminConfiguration;
import io.quocrmbridge.canonical.CanonicalConfiguration;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmConfiguration;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.crm.hubspot.HubSpotConfiguration;
import io.quocrmbridge.crm.salesforce.SalesforceConfiguration;
import io.quocrmbridge.dispatch.DispatchConfiguration;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.observe.ObserveConfiguration;
import io.quocrmbridge.observe.StoreHealthCheck;
import io.quocrmbridge.quo.QuoConfiguration;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.StoreConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the bridge, concern by concern: each concern's configuration binds its own beans (the names route files call)
 * and looks up those of the concerns before it. The order is the data flow read backwards, so what a concern uses is
 * always there: observability first (so nothing is logged unmasked), then the store, normalisation, the CRM targets,
 * activities, dispatch, Quo (intake and API) and the management plane. Everything that is routing lives in
 * {@code routes/*.camel.yaml}; every default lives in application.properties.
 */
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    /** The concerns, in the order they are configured. */
    static final List<Concern> CONCERNS = List.of(new ObserveConfiguration(), new StoreConfiguration(),
            new CanonicalConfiguration(), new CrmConfiguration(), new SalesforceConfiguration(),
            new HubSpotConfiguration(), new ActivityConfiguration(), new DispatchConfiguration(),
            new QuoConfiguration(), new AdminConfiguration());

    @Override
    public void configure(CamelContext context) throws Exception {
        for (Concern concern : CONCERNS) {
            concern.configure(context);
        }
        Settings settings = new Settings(context);
        int httpPort = settings.integer("http.port", 1);
        int managementPort = settings.integer("management.port", 1);
        Database database = Beans.of(context, "database", Database.class);
        context.addStartupListener((ctx, alreadyStarted) -> {
            HealthCheckRegistry health = alreadyStarted ? null : HealthCheckRegistry.get(ctx);
            if (health != null) {
                health.register(new StoreHealthCheck(database, Beans.of(ctx, "availability", Availability.class)));
            }
        });
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    onStarted(context, httpPort, managementPort);
                }
            }
        });
    }

    /** Gauges of the work waiting, and the ready line. */
    private static void onStarted(CamelContext context, int httpPort, int managementPort) {
        BridgeMetrics metrics = Beans.of(context, "bridgeMetrics", BridgeMetrics.class);
        InboxStore inbox = Beans.of(context, "inbox", InboxStore.class);
        OutboxStore outbox = Beans.of(context, "outbox", OutboxStore.class);
        DeadLetterStore deadLetters = Beans.of(context, "deadLetters", DeadLetterStore.class);
        CrmTargets targets = Beans.of(context, "crmTargets", CrmTargets.class);
        metrics.gauge("bridge_inbox_pending", Tags.empty(), () -> inbox.count(InboxStore.PENDING));
        metrics.gauge("bridge_inbox_parked", Tags.empty(), () -> inbox.count(InboxStore.PARKED));
        for (String target : targets.names()) {
            metrics.gauge("bridge_outbox_pending", Tags.of("target", target),
                    () -> outbox.pendingByTarget().getOrDefault(target, 0L));
            metrics.gauge("bridge_dead_letters_open", Tags.of("target", target),
                    () -> deadLetters.openByTarget().getOrDefault(target, 0L));
        }
        LOG.info("quo-crm-bridge ready: webhooks on port {} at POST /webhooks/quo; health, metrics and /admin on port {};"
                + " store {}; CRM targets {}", httpPort, managementPort,
                Beans.of(context, "database", Database.class).isPostgres() ? "PostgreSQL" : "H2", targets);
    }
}
