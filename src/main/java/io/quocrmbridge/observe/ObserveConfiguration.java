package io.quocrmbridge.observe;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.MaskingFormatter;

/**
 * Observability, configured first so nothing is logged unmasked: log masking (secrets always; phones, e-mail
 * addresses and names unless BRIDGE_LOG_MASK_PII=false), Camel's tracer (BRIDGE_TRACE, switchable at run time), and
 * the beans every concern reports to: {@code bridgeMetrics} and {@code availability} (readiness details).
 */
public final class ObserveConfiguration implements Concern {

    /** Settings whose values are secrets: masked wherever they would appear in a log line or trace. */
    static final String[] SECRET_SETTINGS = {"quo.api-key", "salesforce.client-secret", "salesforce.password",
        "salesforce.refresh-token", "salesforce.jwt.keystore-password", "hubspot.token", "bridge.db.password",
        "bridge.admin.token"};

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        LogMasking.setMaskPii(settings.bool("bridge.log.mask-pii"));
        for (String key : SECRET_SETTINGS) {
            LogMasking.registerSecret(settings.string(key));
        }
        for (String secret : settings.list("quo.webhook.secrets")) {
            LogMasking.registerSecret(secret);
        }
        context.getRegistry().bind(MaskingFormatter.CUSTOM_LOG_MASK_REF, new CamelLogMask());
        // Camel's tracer without the polling routes; on with BRIDGE_TRACE, and switchable at runtime (standby)
        EventPathTracer tracer = new EventPathTracer();
        tracer.setEnabled(settings.bool("bridge.trace"));
        context.setTracer(tracer);

        context.getRegistry().bind("bridgeMetrics", new BridgeMetrics(context));
        context.getRegistry().bind("availability", new Availability(java.time.Clock.systemUTC()));
    }
}
