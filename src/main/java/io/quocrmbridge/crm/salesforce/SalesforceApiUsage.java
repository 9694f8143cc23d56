package io.quocrmbridge.crm.salesforce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quocrmbridge.crm.ApiAllowance;
import io.quocrmbridge.observe.BridgeMetrics;
import org.apache.camel.Exchange;

/**
 * The org's API allowance, from the {@code Sforce-Limit-Info: api-usage=used/limit} header on every Salesforce reply
 * ({@link ApiAllowance}: gauges {@code bridge_crm_api_used{target="salesforce"}} and
 * {@code bridge_crm_api_limit{target="salesforce"}}, a warning at nine tenths).
 */
public final class SalesforceApiUsage {

    private static final Pattern USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    private final ApiAllowance allowance;

    public SalesforceApiUsage(BridgeMetrics metrics) {
        this.allowance = new ApiAllowance(metrics, "salesforce", "in the rolling 24 hours");
    }

    /** Reads the header of the reply just received, if it has one. */
    public void record(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Sforce-Limit-Info", String.class);
        if (header == null) {
            return;
        }
        Matcher matcher = USAGE.matcher(header);
        if (matcher.find()) {
            allowance.update(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
        }
    }
}
