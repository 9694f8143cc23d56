package io.quocrmbridge.activity;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.canonical.WorkspaceDirectory;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.crm.CrmWriter;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.EnrichmentTasks;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls and texts as activities: binds {@code activities} (merging a call's events in any order, grouping texts),
 * listening to what the writers settle; call and text events stored before activities existed are dispatched again.
 */
public final class ActivityConfiguration implements Concern {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        ZoneId zone = ZoneId.of(settings.required("bridge.time-zone"));
        String grouping = settings.choice("activity.message.grouping", "none", "conversation-hour");
        InboxStore inbox = Beans.of(context, "inbox", InboxStore.class);
        Activities activities = new Activities(Beans.of(context, "database", Database.class), inbox,
                Beans.of(context, "outbox", OutboxStore.class), Beans.of(context, "journal", OutcomeJournal.class),
                Beans.of(context, "activityStore", ActivityStore.class),
                Beans.of(context, "enrichmentTasks", EnrichmentTasks.class),
                Beans.of(context, "crmTargets", CrmTargets.class),
                Beans.of(context, "workspaceDirectory", WorkspaceDirectory.class),
                new CallMerger(zone), new TextsMerger(zone), new Activities.Settings(
                        settings.bool("activity.call.write-ringing"), grouping.equals("conversation-hour"),
                        settings.string("quo.api-key") != null, settings.duration("quo.enrichment.voicemail-delay")),
                Beans.of(context, "bridgeMetrics", BridgeMetrics.class), clock);
        Beans.of(context, "crmWriter", CrmWriter.class).addListener(activities);
        context.getRegistry().bind("activities", activities);
        int unparked = inbox.requeueParked(List.of("call", "message"));
        if (unparked > 0) {
            LOG.info("{} call and text event(s) stored before activities were written are dispatched now", unparked);
        }
    }
}
