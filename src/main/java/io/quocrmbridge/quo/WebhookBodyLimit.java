package io.quocrmbridge.quo;

import io.quocrmbridge.observe.BridgeMetrics;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business server refuses bodies over {@code QUO_WEBHOOK_MAX_BODY_BYTES} before the webhook route sees them;
 * this failure handler turns that refusal into the same short JSON answer as every other rejection (413), with a
 * log line and a metric, instead of Vert.x's plain-text one.
 */
public final class WebhookBodyLimit {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookBodyLimit.class);

    private WebhookBodyLimit() {
    }

    /** Installs the handler on the business server; call once the server has started. */
    public static void install(CamelContext context, int httpPort, long maxBytes, BridgeMetrics metrics) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(httpPort));
        if (router == null) {
            LOG.warn("business HTTP router not found; oversized webhooks get the server's plain 413 answer");
            return;
        }
        router.route().failureHandler(ctx -> handle(ctx, maxBytes, metrics));
    }

    private static void handle(RoutingContext ctx, long maxBytes, BridgeMetrics metrics) {
        if (ctx.statusCode() != 413 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        metrics.webhook("unknown", "rejected_body_too_large");
        LOG.warn("webhook refused with 413: body over {} bytes, from {}", maxBytes,
                ctx.request().remoteAddress());
        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"body_too_large\",\"message\":\"the body is over the limit of " + maxBytes
                        + " bytes\"}");
    }
}
