package io.quocrmbridge.quo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Helpers for the beans that call Quo's REST API through {@code direct:quo-api} (routes/quo-api.camel.yaml). */
public final class QuoApi {

    private QuoApi() {
    }

    /** Prepares a request for direct:quo-api: no other headers, no body. */
    public static void request(Exchange exchange, String method, String path, String query) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        if (query != null && !query.isEmpty()) {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        }
        exchange.getMessage().setBody(null);
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The HTTP answer inside a failure, if the failure is one; null for a broken connection and the like. */
    public static HttpOperationFailedException httpFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http;
            }
        }
        return null;
    }
}
