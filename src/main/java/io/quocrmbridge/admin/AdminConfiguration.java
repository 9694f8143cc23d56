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
 * never the business port) and {@code adminApi} (dead letters, replay, the journal; BRIDGE_ADMIN_TOKEN). Closed by
 * default: beyond loopback (MANAGEMENT_HOST) without a token, the admin API is off.
 */
public final class AdminConfiguration implements Concern {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        ManagementPortHttp.register(context, settings.integer("management.port", 1));
        String host = settings.required("management.host");
        String token = settings.text("bridge.admin.token");
        boolean loopback = isLoopback(host);
        boolean open = loopback || !token.isEmpty();
        if (!open) {
            LOG.warn("MANAGEMENT_HOST={} is beyond loopback and BRIDGE_ADMIN_TOKEN is not set: the /admin API is off "
                    + "(health and readiness stay open); set BRIDGE_ADMIN_TOKEN to use it", host);
        } else if (token.isEmpty()) {
            LOG.info("the /admin API is open without a token on loopback ({}) only", host);
        }
        context.getRegistry().bind("adminApi", new AdminApi(Beans.of(context, "deadLetters", DeadLetterStore.class),
                Beans.of(context, "deadLetterReplay", DeadLetterReplay.class), Beans.of(context, "inbox", InboxStore.class),
                Beans.of(context, "journal", OutcomeJournal.class), token, open));
    }

    /** Whether a listen address is a loopback one (a host name is resolved; an unresolvable one counts as not). */
    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
