package io.quocrmbridge.crm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.dryrun.DryRun;
import io.quocrmbridge.crm.dryrun.DryRunFile;
import io.quocrmbridge.crm.rest.RestCrm;
import io.quocrmbridge.observe.Availability;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRM targets (CRM_TARGETS) and what every target's writer shares: {@code crmTargets}, {@code crmWriter} (the
 * writer protocol's Java half), {@code crmCalls}, {@code dryRun} (CRM_DRY_RUN, dry-run.jsonl rotated by
 * CRM_DRY_RUN_MAX_BYTES), {@code deadLetterReplay}, {@code linkPolicy} and {@code restCrm} (REST targets wired by route
 * file). Once the routes are started, every listed target must have its writers, or the start stops.
 */
public final class CrmConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(CrmConfiguration.class);

    /**
     * Derived for route files: {@code crm.active.<target>} is {@code true} for each target in CRM_TARGETS; writer
     * routes start with {@code autoStartup: "{{crm.active.<target>:false}}"}, so a target's route file may stay in
     * routes/ while the target is not listed.
     */
    public static final String ACTIVE_PREFIX = "crm.active.";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        CrmTargets targets = CrmTargets.parse(settings.required("crm.targets"));
        for (String target : targets.names()) {
            settings.derive(ACTIVE_PREFIX + target, "true");
        }
        boolean dryRun = settings.bool("crm.dry-run");
        if (dryRun) {
            LOG.info("CRM_DRY_RUN=true: every target renders its requests to dry-run.jsonl; nothing is sent");
        }
        Database database = Beans.of(context, "database", Database.class);
        OutboxStore outbox = Beans.of(context, "outbox", OutboxStore.class);
        DeadLetterStore deadLetters = Beans.of(context, "deadLetters", DeadLetterStore.class);
        OutcomeJournal journal = Beans.of(context, "journal", OutcomeJournal.class);
        InboxStore inbox = Beans.of(context, "inbox", InboxStore.class);
        BridgeMetrics metrics = Beans.of(context, "bridgeMetrics", BridgeMetrics.class);

        RetryPolicy retries = new RetryPolicy(settings.integer("crm.retry.max-attempts", 1),
                settings.millis("crm.retry.initial-delay-ms"), settings.millis("crm.retry.max-delay-ms"));
        CrmWriter crmWriter = new CrmWriter(database, outbox, deadLetters, journal, retries,
                settings.millis("crm.batch.max-wait-ms"), settings.millis("crm.unavailable-retry-ms"),
                Beans.of(context, "availability", Availability.class), metrics, clock);
        Path dataDir = Path.of(settings.required("bridge.data-dir"));
        Files.createDirectories(dataDir);
        LinkPolicy linkPolicy = LinkPolicy.parse(settings.required("activity.link.no-match"),
                settings.required("activity.link.multiple"));

        var registry = context.getRegistry();
        registry.bind("crmTargets", targets);
        registry.bind("crmWriter", crmWriter);
        registry.bind("crmCalls", new HttpCrmCalls());
        registry.bind("dryRun", new DryRun(new DryRunFile(dataDir.resolve("dry-run.jsonl"),
                settings.integer("crm.dry-run.max-bytes", 1024), settings.integer("crm.dry-run.keep-files", 1)), clock));
        registry.bind("deadLetterReplay", new DeadLetterReplay(database, deadLetters, outbox, inbox, journal));
        registry.bind("linkPolicy", linkPolicy);
        registry.bind("restCrm", new RestCrm(database, outbox, Beans.of(context, "activityStore", ActivityStore.class),
                linkPolicy, clock));

        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                crmWriter.checkWriters(ctx, targets.names());
            }
        });
    }
}
