package io.quocrmbridge.quo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.config.Concern;
import io.quocrmbridge.canonical.ContactNormalizer;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.EnrichmentTasks;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.PollStore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that talks to Quo: the webhook intake ({@code webhookIntake}: signatures, QUO_WEBHOOK_*), and with
 * QUO_API_KEY the API's callers, all through one throttle ({@code contactPoll}, {@code callEnrichment},
 * {@code workspaceDirectoryLoader}); the single-active poller's cluster service.
 */
public final class QuoConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(QuoConfiguration.class);

    /**
     * Derived for routes/quo-api.camel.yaml: the spacing of Quo API calls (retries too), in ms, from QUO_API_RATE_LIMIT,
     * with 5% headroom so network jitter never puts more than the limit into any one-second window at Quo's end.
     */
    public static final String API_INTERVAL = "quo.api.interval-ms";
    /** Derived for the route files that call Quo's API on a schedule: whether QUO_API_KEY is set. */
    public static final String POLL_ENABLED = "quo.poll.enabled";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        Database database = Beans.of(context, "database", Database.class);
        InboxStore inbox = Beans.of(context, "inbox", InboxStore.class);
        BridgeMetrics metrics = Beans.of(context, "bridgeMetrics", BridgeMetrics.class);
        Availability availability = Beans.of(context, "availability", Availability.class);

        boolean verify = settings.bool("quo.webhook.verify");
        WebhookSecrets secrets = WebhookSecrets.parse(settings.text("quo.webhook.secrets"));
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(secrets,
                Duration.ofSeconds(settings.integer("quo.webhook.tolerance-seconds", 1)), clock);
        if (!verify) {
            LOG.warn("QUO_WEBHOOK_VERIFY=false: webhook signatures are NOT checked; anyone who can reach the business "
                    + "port can post events. Use this only for local experiments.");
        } else if (secrets.isEmpty()) {
            LOG.warn("QUO_WEBHOOK_SECRETS is empty: every webhook is refused with 401 until a signing secret is set");
        }
        var registry = context.getRegistry();
        registry.bind("webhookIntake", new WebhookIntake(verifier, verify, inbox, metrics));

        String apiKey = settings.text("quo.api-key");
        int rateLimit = settings.integer("quo.api.rate-limit", 1);
        settings.derive(API_INTERVAL, Long.toString((long) Math.ceil(1050.0 / rateLimit)));
        settings.derive(POLL_ENABLED, Boolean.toString(!apiKey.isEmpty()));
        if (apiKey.isEmpty()) {
            LOG.info("QUO_API_KEY is not set: contact polling is off (webhooks work without it)");
        }
        // routes/quo-api.camel.yaml retries Quo API calls itself, every attempt through the throttle: the HTTP
        // client must not resend a 429 or 503 on its own (a second later, around the throttle)
        registry.bind("quoApiHttpClient", (HttpClientConfigurer) HttpClientBuilder::disableAutomaticRetries);

        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setRoot(Path.of(settings.required("bridge.data-dir"), "cluster").toString());
        cluster.setAcquireLockDelay(1, TimeUnit.SECONDS);
        // the leader refreshes its heartbeat every 2 s; another process takes over once it is stale (a few intervals)
        cluster.setAcquireLockInterval(2, TimeUnit.SECONDS);
        context.addService(cluster);

        Duration pollInterval = settings.duration("quo.poll.interval");
        registry.bind("contactPoll", new ContactPoll(database, Beans.of(context, "polls", PollStore.class), inbox,
                Beans.of(context, "outbox", OutboxStore.class), Beans.of(context, "journal", OutcomeJournal.class),
                Beans.of(context, "contactNormalizer", ContactNormalizer.class),
                Beans.of(context, "crmTargets", CrmTargets.class), new ContactPoll.Settings(pollInterval,
                        settings.integer("quo.poll.page-size", 1), settings.integer("quo.poll.log-every-pages", 1),
                        settings.bool("quo.poll.apply-deletions"), settings.decimal("quo.poll.deletion-safety"),
                        pollInterval), availability, metrics, clock));
        EnrichmentTasks enrichment = Beans.of(context, "enrichmentTasks", EnrichmentTasks.class);
        registry.bind("callEnrichment", new CallEnrichment(database, inbox, enrichment, new CallEnrichment.Settings(
                settings.integer("quo.enrichment.max-attempts", 1), settings.duration("quo.enrichment.retry-delay")),
                availability, metrics, clock));
        registry.bind("workspaceDirectoryLoader", new WorkspaceDirectoryLoader(
                Beans.of(context, "workspaceDirectory", WorkspaceDirectory.class)));

        int httpPort = settings.integer("http.port", 1);
        long maxBody = settings.integer("quo.webhook.max-body-bytes", 1);
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                metrics.gauge("bridge_enrichment_pending", Tags.empty(), enrichment::pending);
            }
        });
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.CamelContextStartedEvent) {
                    WebhookBodyLimit.install(context, httpPort, maxBody, metrics);
                }
            }
        });
    }
}
