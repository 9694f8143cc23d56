package io.quocrmbridge.admin;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * A {@code management-http:} component: platform-http routes served by Camel's management server (the management
 * port, next to /observe/health) instead of the business port, so the admin API is never reachable where Quo's
 * webhooks arrive. Camel binds each server's router under its port; this engine points at the management one.
 */
public final class ManagementPortHttp {

    /** The component name the admin route file uses: {@code from: management-http:/admin/...}. */
    public static final String COMPONENT = "management-http";

    private ManagementPortHttp() {
    }

    public static void register(CamelContext context, int managementPort) {
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine() {
            @Override
            protected void doInit() {
                // the business server's engine is the one bound as "platform-http-engine"; don't replace it
            }

            @Override
            public int getServerPort() {
                return managementPort;
            }
        };
        PlatformHttpComponent component = new PlatformHttpComponent(context);
        component.setEngine(engine);
        context.addComponent(COMPONENT, component);
    }
}
