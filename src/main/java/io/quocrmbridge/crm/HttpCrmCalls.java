package io.quocrmbridge.crm;

import io.quocrmbridge.flow.ExchangeVariables;
import io.quocrmbridge.json.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every HTTP target's writer route shares around one {@link CrmCall}: turn it into the message camel-http
 * sends (method, path, query, JSON body, and no other header, so nothing of the exchange leaks to the CRM), read the
 * status and body of the answer, and settle the call's records when it failed.
 */
public final class HttpCrmCalls {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCrmCalls.class);

    /** Makes the message the call: headers for camel-http and the JSON body. */
    public void prepare(Exchange exchange, CrmCall call) {
        exchange.setVariable(ExchangeVariables.CRM_CALL, call);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, call.method());
        message.setHeader(Exchange.HTTP_PATH, call.path());
        if (call.body() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(Json.write(call.body()));
        } else {
            message.setBody(null);
        }
        LOG.debug("{} {} {} for {} record(s)", call.purpose(), call.method(), call.path(), call.items().size());
    }

    /** The HTTP status of the answer just received. */
    public static int status(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 200 : status;
    }

    /** The body of the answer just received, as text ("" for none). */
    public static String body(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        return body == null ? "" : body;
    }

    /**
     * The call failed (after the route's own handling): every record it carried fails with the classified reason,
     * also one already read as written (e.g. an association that failed after the record was updated), so it is
     * written again.
     */
    public void failed(Exchange exchange, CrmCall call) {
        Throwable exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        CrmFailure failure = CrmFailures.classify(exception);
        if (call.optional()) {
            LOG.warn("{} {} {} failed ({}); the records it was for stay as written", call.scope().getTarget(),
                    call.purpose(), call.path(), failure.describe());
            return;
        }
        call.items().forEach(item -> item.failed(failure));
        LOG.warn("{} {} {} failed for {} record(s): {}", call.scope().getTarget(), call.purpose(), call.path(),
                call.items().size(), failure.describe());
    }
}
