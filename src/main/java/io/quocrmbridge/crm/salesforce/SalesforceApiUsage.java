package io.quocrmbridge.crm.salesforce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Tags;
import io.quocrmbridge.observe.BridgeMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org's API allowance, from the {@code Sforce-Limit-Info: api-usage=used/limit} header on every Salesforce reply:
 * gauges {@code bridge_crm_api_used{target="salesforce"}} and {@code bridge_crm_api_limit{target="salesforce"}}, and a
 * warning when nine tenths are used (at the limit Salesforce refuses every call with REQUEST_LIMIT_EXCEEDED; the bridge
 * then keeps the work queued and tries again later).
 */
public final class SalesforceApiUsage {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApiUsage.class);
    private static final Pattern USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    private final BridgeMetrics metrics;
    private volatile boolean warned;

    public SalesforceApiUsage(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Reads the header of the reply just received, if it has one. */
    public void record(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Sforce-Limit-Info", String.class);
        if (header == null) {
            return;
        }
        Matcher matcher = USAGE.matcher(header);
        if (!matcher.find()) {
            return;
        }
        long used = Long.parseLong(matcher.group(1));
        long limit = Long.parseLong(matcher.group(2));
        metrics.gauge("bridge_crm_api_used", Tags.of("target", "salesforce"), used);
        metrics.gauge("bridge_crm_api_limit", Tags.of("target", "salesforce"), limit);
        boolean high = limit > 0 && used * 10 >= limit * 9;
        if (high && !warned) {
            LOG.warn("Salesforce API allowance {} of {} used in the rolling 24 hours; at the limit writes wait until "
                    + "calls free up", used, limit);
        }
        warned = high;
    }
}
