package io.quocrmbridge.crm.hubspot;

import io.quocrmbridge.crm.ApiAllowance;
import io.quocrmbridge.observe.BridgeMetrics;
import org.apache.camel.Exchange;

/**
 * The account's daily API allowance, from HubSpot's {@code X-HubSpot-RateLimit-Daily} and
 * {@code X-HubSpot-RateLimit-Daily-Remaining} reply headers ({@link ApiAllowance}: gauges
 * {@code bridge_crm_api_used{target="hubspot"}} and {@code bridge_crm_api_limit{target="hubspot"}}, a warning at nine
 * tenths). HubSpot sends them to private apps; without them the gauges stay unset.
 */
public final class HubSpotApiUsage {

    private final ApiAllowance allowance;

    public HubSpotApiUsage(BridgeMetrics metrics, String target) {
        this.allowance = new ApiAllowance(metrics, target, "today");
    }

    /** Reads the headers of the reply just received, if it has them. */
    public void record(Exchange exchange) {
        Long daily = number(exchange, "X-HubSpot-RateLimit-Daily");
        Long remaining = number(exchange, "X-HubSpot-RateLimit-Daily-Remaining");
        if (daily != null && remaining != null) {
            allowance.update(Math.max(0, daily - remaining), daily);
        }
    }

    private static Long number(Exchange exchange, String header) {
        String value = exchange.getMessage().getHeader(header, String.class);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
