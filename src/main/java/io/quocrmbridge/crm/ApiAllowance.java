package io.quocrmbridge.crm;

import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.observe.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CRM's API allowance as its replies report it (Salesforce's {@code Sforce-Limit-Info}, HubSpot's daily rate-limit
 * headers): gauges {@code bridge_crm_api_used{target}} and {@code bridge_crm_api_limit{target}}, and a warning when
 * nine tenths are used (at the limit the CRM refuses every call; the bridge then keeps the work queued and tries again
 * later).
 */
public final class ApiAllowance {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAllowance.class);

    private final BridgeMetrics metrics;
    private final String target;
    private final String period;
    private volatile boolean warned;

    /** @param period what the allowance covers, for the warning, e.g. "in the rolling 24 hours" */
    public ApiAllowance(BridgeMetrics metrics, String target, String period) {
        this.metrics = metrics;
        this.target = target;
        this.period = period;
    }

    public void update(long used, long limit) {
        metrics.gauge("bridge_crm_api_used", Tags.of("target", target), used);
        metrics.gauge("bridge_crm_api_limit", Tags.of("target", target), limit);
        boolean high = limit > 0 && used * 10 >= limit * 9;
        if (high && !warned) {
            LOG.warn("{} API allowance {} of {} used {}; at the limit writes wait until calls free up", target, used,
                    limit, period);
        }
        warned = high;
    }
}
