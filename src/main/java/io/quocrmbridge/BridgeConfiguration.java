package io.quocrmbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.activity.Activities;
import io.quocrmbridge.activity.CallMerger;
import io.quocrmbridge.activity.LinkPolicy;
import io.quocrmbridge.activity.TextsMerger;
import io.quocrmbridge.admin.AdminApi;
import io.quocrmbridge.admin.ManagementPortHttp;
import io.quocrmbridge.canonical.ContactNormalizer;
import io.quocrmbridge.canonical.QuoEventNormalizer;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.crm.CrmWriter;
import io.quocrmbridge.crm.CustomFieldMapping;
import io.quocrmbridge.crm.DeadLetterReplay;
import io.quocrmbridge.crm.Dispatcher;
import io.quocrmbridge.crm.HttpCrmCalls;
import io.quocrmbridge.crm.hubspot.HubSpotSetup;
import io.quocrmbridge.crm.rest.RestCrm;
import io.quocrmbridge.crm.LookupCache;
import io.quocrmbridge.crm.RetryPolicy;
import io.quocrmbridge.crm.dryrun.DryRun;
import io.quocrmbridge.crm.salesforce.SalesforceApiUsage;
import io.quocrmbridge.crm.salesforce.SalesforceContacts;
import io.quocrmbridge.crm.salesforce.SalesforceLinks;
import io.quocrmbridge.crm.salesforce.SalesforceSetup;
import io.quocrmbridge.crm.salesforce.SalesforceTasks;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.observe.CamelLogMask;
import io.quocrmbridge.observe.EventPathTracer;
import io.quocrmbridge.observe.LogMasking;
import io.quocrmbridge.observe.StoreHealthCheck;
import io.quocrmbridge.phone.PhoneNumbers;
import io.quocrmbridge.quo.CallEnrichment;
import io.quocrmbridge.quo.ContactPoll;
import io.quocrmbridge.quo.WebhookBodyLimit;
import io.quocrmbridge.quo.WebhookIntake;
import io.quocrmbridge.quo.WebhookSecrets;
import io.quocrmbridge.quo.WebhookSignatureVerifier;
import io.quocrmbridge.quo.WorkspaceDirectory;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.EnrichmentTasks;
import io.quocrmbridge.store.Housekeeping;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import io.quocrmbridge.store.PollStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.MaskingFormatter;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the bridge: reads the settings, opens the store, and binds the beans the route files call by name
 * ({@code webhookIntake}, {@code dispatcher}, {@code crmWriter}, {@code salesforceContacts}, {@code dryRun},
 * {@code adminApi}, {@code housekeeping}...). Everything that is routing lives in {@code routes/*.camel.yaml}.
 */
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();

        LogMasking.setMaskPii(settings.bool("bridge.log.mask-pii", true));
        for (String secretKey : new String[] {"quo.api-key", "salesforce.client-secret", "salesforce.password",
                "salesforce.refresh-token", "salesforce.jwt.keystore-password", "hubspot.token", "bridge.db.password",
                "bridge.admin.token"}) {
            LogMasking.registerSecret(settings.string(secretKey, null));
        }
        String secrets = settings.string("quo.webhook.secrets", "");
        for (String secret : secrets.split(",")) {
            LogMasking.registerSecret(secret);
        }
        context.getRegistry().bind(MaskingFormatter.CUSTOM_LOG_MASK_REF, new CamelLogMask());
        // Camel's tracer without the polling routes; on with BRIDGE_TRACE, and switchable at runtime (standby)
        EventPathTracer tracer = new EventPathTracer();
        tracer.setEnabled(settings.bool("bridge.trace", false));
        context.setTracer(tracer);

        CrmTargets targets = CrmTargets.parse(settings.string("crm.targets", "dry-run"));
        for (String target : targets.names()) {
            // route files start their writers with autoStartup: "{{crm.active.<target>:false}}"
            context.getPropertiesComponent().addInitialProperty("crm.active." + target, "true");
        }

        Database database = Database.open(settings.required("bridge.db.url"), settings.string("bridge.db.user", "sa"),
                settings.string("bridge.db.password", ""), settings.integer("bridge.db.pool-size", 16),
                settings.integer("bridge.db.connect-timeout-ms", 5000));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        });
        InboxStore inbox = new InboxStore(database, clock);
        OutboxStore outbox = new OutboxStore(database, clock);
        DeadLetterStore deadLetters = new DeadLetterStore(database, clock);
        OutcomeJournal journal = new OutcomeJournal(database, clock);
        if (!database.isPostgres()) {
            // the embedded store is held by this process alone, so anything "in progress" was cut off by a stop
            int released = inbox.releaseInterrupted();
            if (released > 0) {
                LOG.info("{} event(s) were being dispatched when the bridge stopped; they are dispatched again", released);
            }
            int unsent = outbox.releaseClaims();
            if (unsent > 0) {
                LOG.info("{} CRM write(s) were in flight when the bridge stopped; they are sent again", unsent);
            }
        }

        BridgeMetrics metrics = new BridgeMetrics(context);
        Availability availability = new Availability(clock);

        boolean verify = settings.bool("quo.webhook.verify", true);
        WebhookSecrets webhookSecrets = WebhookSecrets.parse(secrets);
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(webhookSecrets,
                Duration.ofSeconds(settings.integer("quo.webhook.tolerance-seconds", 300)), clock);
        if (!verify) {
            LOG.warn("QUO_WEBHOOK_VERIFY=false: webhook signatures are NOT checked; anyone who can reach the business "
                    + "port can post events. Use this only for local experiments.");
        } else if (webhookSecrets.isEmpty()) {
            LOG.warn("QUO_WEBHOOK_SECRETS is empty: every webhook is refused with 401 until a signing secret is set");
        }

        PhoneNumbers phoneNumbers = new PhoneNumbers(settings.string("bridge.phone.default-region", "US"));
        QuoEventNormalizer normalizer = new QuoEventNormalizer(new ContactNormalizer(phoneNumbers));
        Files.createDirectories(Path.of(settings.string("bridge.data-dir", "./data")));

        String skip = settings.string("bridge.custom-fields.skip", "");
        SalesforceContacts salesforceContacts = new SalesforceContacts(settings.string("salesforce.api-version", "61.0"),
                settings.string("salesforce.contact.sobject", "Contact"),
                settings.string("salesforce.contact.external-id-field", "Quo_Contact_Id__c"),
                settings.string("salesforce.contact.deleted-field", "Quo_Deleted__c"),
                CustomFieldMapping.parse("salesforce", "SALESFORCE_CONTACT_CUSTOM_FIELDS",
                        settings.string("salesforce.contact.custom-fields", ""), skip));
        SalesforceSetup.configure(context, settings, targets.isActive("salesforce"));

        String deletePolicy = settings.string("contact.delete-policy", "ignore").toLowerCase(Locale.ROOT);
        if (!deletePolicy.equals("ignore") && !deletePolicy.equals("flag") && !deletePolicy.equals("delete")) {
            throw new IllegalArgumentException("CONTACT_DELETE_POLICY must be ignore, flag or delete, not '"
                    + deletePolicy + "'");
        }

        RetryPolicy retries = new RetryPolicy(settings.integer("crm.retry.max-attempts", 8),
                settings.millis("crm.retry.initial-delay-ms", 1000), settings.millis("crm.retry.max-delay-ms", 300_000));
        CrmWriter crmWriter = new CrmWriter(database, outbox, deadLetters, journal, retries,
                settings.millis("crm.batch.max-wait-ms", 1000), settings.millis("crm.unavailable-retry-ms", 60_000),
                availability, metrics, clock);
        DeadLetterReplay replay = new DeadLetterReplay(database, deadLetters, outbox, inbox, journal);

        String apiKey = settings.string("quo.api-key", "");
        int rateLimit = settings.integer("quo.api.rate-limit", 10);
        if (rateLimit < 1) {
            throw new IllegalArgumentException("QUO_API_RATE_LIMIT must be at least 1 request per second");
        }
        // the quo-api-attempt route spaces calls (retries too) evenly, one per interval; 5% headroom so network
        // jitter never puts more than the limit into any one-second window at Quo's end
        context.getPropertiesComponent().addInitialProperty("quo.api.interval-ms",
                Long.toString((long) Math.ceil(1050.0 / rateLimit)));
        context.getPropertiesComponent().addInitialProperty("quo.poll.enabled", Boolean.toString(!apiKey.isEmpty()));
        if (apiKey.isEmpty()) {
            LOG.info("QUO_API_KEY is not set: contact polling is off (webhooks work without it)");
        }
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setRoot(Path.of(settings.string("bridge.data-dir", "./data"), "cluster").toString());
        cluster.setAcquireLockDelay(1, TimeUnit.SECONDS);
        // the leader refreshes its heartbeat every 2 s; another process takes over once it is stale (a few intervals)
        cluster.setAcquireLockInterval(2, TimeUnit.SECONDS);
        context.addService(cluster);
        PollStore polls = new PollStore(database, clock);
        ContactPoll contactPoll = new ContactPoll(database, polls, inbox, outbox, journal,
                new ContactNormalizer(phoneNumbers), targets, new ContactPoll.Settings(
                        Duration.ofMillis(TimeUtils.toMilliSeconds(settings.string("quo.poll.interval", "15m"))),
                        settings.integer("quo.poll.page-size", 50), Math.max(1, settings.integer("quo.poll.log-every-pages", 20)),
                        settings.bool("quo.poll.apply-deletions", false),
                        Double.parseDouble(settings.string("quo.poll.deletion-safety", "0.5")),
                        Duration.ofMillis(TimeUtils.toMilliSeconds(settings.string("quo.poll.interval", "15m")))),
                availability, metrics, clock);

        var registry = context.getRegistry();
        // routes/quo-api.camel.yaml retries Quo API calls itself, every attempt through the throttle: the HTTP
        // client must not resend a 429 or 503 on its own (a second later, around the throttle)
        registry.bind("quoApiHttpClient", (HttpClientConfigurer) HttpClientBuilder::disableAutomaticRetries);
        registry.bind("contactPoll", contactPoll);
        registry.bind("database", database);
        registry.bind("inbox", inbox);
        registry.bind("outbox", outbox);
        registry.bind("bridgeMetrics", metrics);
        registry.bind("availability", availability);
        registry.bind("webhookIntake", new WebhookIntake(verifier, verify, inbox, metrics));
        ActivityStore activityStore = new ActivityStore(clock);
        registry.bind("dispatcher", new Dispatcher(database, inbox, outbox, deadLetters, journal, normalizer, targets,
                metrics, activityStore));
        registry.bind("crmWriter", crmWriter);
        registry.bind("salesforceContacts", salesforceContacts);
        registry.bind("salesforceApiUsage", new SalesforceApiUsage(metrics));
        SalesforceTasks salesforceTasks = new SalesforceTasks(settings.string("salesforce.api-version", "61.0"),
                settings.string("salesforce.task.sobject", "Task"),
                settings.string("salesforce.task.external-id-field", "Quo_Activity_Id__c"),
                settings.integer("salesforce.task.description-max", 32_000));
        registry.bind("salesforceTasks", salesforceTasks);
        registry.bind("dryRun", new DryRun(salesforceContacts, salesforceTasks, clock));
        registry.bind("crmCalls", new HttpCrmCalls());
        LinkPolicy linkPolicy = LinkPolicy.parse(settings.string("activity.link.no-match", "unlinked"),
                settings.string("activity.link.multiple", "most-recent"));
        EnrichmentTasks enrichment = activities(context, settings, database, inbox, outbox, journal, activityStore,
                targets, crmWriter, phoneNumbers, linkPolicy, availability, metrics, !apiKey.isEmpty(), clock);
        registry.bind("restCrm", new RestCrm(database, outbox, activityStore, linkPolicy, clock));
        HubSpotSetup.configure(context, settings, targets.isActive(HubSpotSetup.TARGET), new HubSpotSetup.Parts(
                database, outbox, activityStore, phoneNumbers, linkPolicy, crmWriter, metrics, clock));
        registry.bind("deadLetterReplay", replay);
        registry.bind("adminApi", new AdminApi(deadLetters, replay, inbox, journal,
                settings.string("bridge.admin.token", "")));
        registry.bind("housekeeping", new Housekeeping(database, inbox, outbox, journal,
                Duration.ofDays(settings.integer("bridge.retention.inbox-days", 7)),
                Duration.ofDays(settings.integer("bridge.retention.journal-days", 30)), clock));

        int httpPort = settings.integer("http.port", 8080);
        int managementPort = settings.integer("management.port", 9876);
        ManagementPortHttp.register(context, managementPort);

        context.addStartupListener((ctx, alreadyStarted) -> {
            if (alreadyStarted) {
                return;
            }
            HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
            if (health != null) {
                health.register(new StoreHealthCheck(database, availability));
            }
        });
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.CamelContextStartedEvent) {
                    onStarted(context, settings, targets, httpPort, managementPort, database, inbox, outbox,
                            deadLetters, metrics);
                    metrics.gauge("bridge_enrichment_pending", Tags.empty(), enrichment::pending);
                }
            }
        });
    }

    private static void onStarted(CamelContext context, Settings settings, CrmTargets targets, int httpPort,
                                  int managementPort, Database database, InboxStore inbox, OutboxStore outbox,
                                  DeadLetterStore deadLetters, BridgeMetrics metrics) {
        for (String target : targets.names()) {
            boolean hasWriter = false;
            for (Route route : context.getRoutes()) {
                String consumer = route.getEndpoint() == null ? "" : route.getEndpoint().getEndpointUri();
                if (route.getRouteId().startsWith(target + "-") && route.getRouteId().endsWith("-writer")
                        || consumer.startsWith("scheduler://" + target + "-") && consumer.contains("-writer")) {
                    hasWriter = true;
                    break;
                }
            }
            if (!hasWriter) {
                LOG.error("CRM_TARGETS names '{}' but no route file defines a '{}-...-writer' route: its work is "
                        + "queued and never sent. Add routes/crm-{}.camel.yaml or remove it from CRM_TARGETS.",
                        target, target, target);
            }
        }
        WebhookBodyLimit.install(context, httpPort, settings.integer("quo.webhook.max-body-bytes", 1_048_576), metrics);
        metrics.gauge("bridge_inbox_pending", Tags.empty(), () -> inbox.count(InboxStore.PENDING));
        metrics.gauge("bridge_inbox_parked", Tags.empty(), () -> inbox.count(InboxStore.PARKED));
        for (String target : targets.names()) {
            metrics.gauge("bridge_outbox_pending", Tags.of("target", target),
                    () -> outbox.pendingByTarget().getOrDefault(target, 0L));
            metrics.gauge("bridge_dead_letters_open", Tags.of("target", target),
                    () -> deadLetters.openByTarget().getOrDefault(target, 0L));
        }
        LOG.info("quo-crm-bridge ready: webhooks on port {} at POST /webhooks/quo; health, metrics and /admin on port {};"
                + " store {}; CRM targets {}", httpPort, managementPort, database.isPostgres() ? "PostgreSQL" : "H2",
                targets);
    }

    /**
     * Calls and texts as activities: merging (activities bean), the workspace directory, enrichment from Quo's API,
     * and Salesforce's linking; parked call and text events stored before activities existed are dispatched again.
     */
    private static EnrichmentTasks activities(CamelContext context, Settings settings, Database database, InboxStore inbox,
                                   OutboxStore outbox, OutcomeJournal journal, ActivityStore store, CrmTargets targets,
                                   CrmWriter crmWriter, PhoneNumbers phoneNumbers, LinkPolicy policy,
                                   Availability availability,
                                   BridgeMetrics metrics, boolean apiKeySet, Clock clock) {
        ZoneId zone = ZoneId.of(settings.string("bridge.time-zone", "UTC"));
        String grouping = settings.string("activity.message.grouping", "none").trim().toLowerCase(Locale.ROOT);
        if (!grouping.equals("none") && !grouping.equals("conversation-hour")) {
            throw new IllegalArgumentException("ACTIVITY_MESSAGE_GROUPING must be none or conversation-hour, not '"
                    + grouping + "'");
        }
        WorkspaceDirectory directory = new WorkspaceDirectory();
        EnrichmentTasks enrichment = new EnrichmentTasks(database, clock);
        Activities activities = new Activities(database, inbox, outbox, journal, store, enrichment, targets, directory,
                new CallMerger(zone), new TextsMerger(zone), new Activities.Settings(
                        settings.bool("activity.call.write-ringing", false), grouping.equals("conversation-hour"),
                        apiKeySet, duration(settings, "quo.enrichment.voicemail-delay", "2m")),
                metrics, clock);
        crmWriter.addListener(activities);
        Duration ttl = duration(settings, "salesforce.link.cache-ttl", "10m");
        int cacheSize = settings.integer("salesforce.link.cache-size", 10_000);
        List<String> objects = new ArrayList<>();
        for (String object : settings.string("salesforce.link.objects", "Contact").split(",")) {
            if (!object.isBlank()) {
                objects.add(object.trim());
            }
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("SALESFORCE_LINK_OBJECTS is empty: name Contact, Lead or both");
        }
        SalesforceLinks links = new SalesforceLinks(database, outbox, store, phoneNumbers, policy,
                new SalesforceLinks.Settings(settings.string("salesforce.api-version", "61.0"), objects,
                        settings.bool("salesforce.task.owner-by-email", false),
                        settings.string("salesforce.contact.external-id-field", "Quo_Contact_Id__c"),
                        settings.string("salesforce.lead.external-id-field", "Quo_Contact_Id__c"), "salesforce"),
                directory, new LookupCache(cacheSize, ttl, clock), new LookupCache(1_000, ttl, clock));
        crmWriter.addListener(links);

        var registry = context.getRegistry();
        registry.bind("activities", activities);
        registry.bind("workspaceDirectory", directory);
        registry.bind("salesforceLinks", links);
        registry.bind("callEnrichment", new CallEnrichment(database, inbox, enrichment, new CallEnrichment.Settings(
                settings.integer("quo.enrichment.max-attempts", 5), duration(settings, "quo.enrichment.retry-delay", "1m")),
                availability, metrics, clock));
        int unparked = inbox.requeueParked(List.of("call", "message"));
        if (unparked > 0) {
            LOG.info("{} call and text event(s) stored before activities were written are dispatched now", unparked);
        }
        return enrichment;
    }

    private static Duration duration(Settings settings, String key, String fallback) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(settings.string(key, fallback)));
    }
}
