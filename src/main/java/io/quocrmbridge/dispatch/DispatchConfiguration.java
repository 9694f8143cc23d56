package io.quocrmbridge.dispatch;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.canonical.QuoEventNormalizer;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.CrmTargets;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.store.ActivityStore;
import io.quocrmbridge.store.Database;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.CamelContext;

/**
 * Dispatch: binds {@code dispatcher}, which claims stored events, normalises them, passes contacts through each
 * target's version gate and queues the work (routes/dispatch.camel.yaml routes by content). CONTACT_DELETE_POLICY is
 * checked here.
 */
public final class DispatchConfiguration implements Concern {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        settings.choice("contact.delete-policy", "ignore", "flag", "delete");
        context.getRegistry().bind("dispatcher", new Dispatcher(Beans.of(context, "database", Database.class),
                Beans.of(context, "inbox", InboxStore.class), Beans.of(context, "outbox", OutboxStore.class),
                Beans.of(context, "deadLetters", DeadLetterStore.class), Beans.of(context, "journal", OutcomeJournal.class),
                Beans.of(context, "quoEventNormalizer", QuoEventNormalizer.class),
                Beans.of(context, "crmTargets", CrmTargets.class), Beans.of(context, "bridgeMetrics", BridgeMetrics.class),
                Beans.of(context, "activityStore", ActivityStore.class)));
    }
}
