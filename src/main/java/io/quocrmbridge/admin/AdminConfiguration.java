package io.quocrmbridge.admin;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Beans;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.crm.DeadLetterReplay;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.CamelContext;

/**
 * The management plane: the {@code management-http:} component the admin routes listen on (the management port,
 * never the business port) and {@code adminApi} (dead letters, replay, the journal; BRIDGE_ADMIN_TOKEN).
 */
public final class AdminConfiguration implements Concern {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        ManagementPortHttp.register(context, settings.integer("management.port", 1));
        context.getRegistry().bind("adminApi", new AdminApi(Beans.of(context, "deadLetters", DeadLetterStore.class),
                Beans.of(context, "deadLetterReplay", DeadLetterReplay.class), Beans.of(context, "inbox", InboxStore.class),
                Beans.of(context, "journal", OutcomeJournal.class), settings.text("bridge.admin.token")));
    }
}
