package io.quocrmbridge.quo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Helpers for the beans that call Quo's REST API through {@code direct:quo-api} (routes/quo-api.camel.yaml). */
public final class QuoApi {

    private QuoApi() {
    }

    /** Prepares a request for direct:quo-api: no other headers, no body; {@code query} may be null. */
    public static void request(Exchange exchange, String method, String path, Query query) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        if (query != null && !query.isEmpty()) {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query.toString());
        }
        exchange.getMessage().setBody(null);
    }

    /** A new, empty query string. */
    public static Query query() {
        return new Query();
    }

    /**
     * Percent-encodes a query value or path segment (UTF-8): a space is {@code %20} and a {@code +} is {@code %2B},
     * so no server can read one as the other.
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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

    /**
     * A query string for Quo's API, parameters in the order they are added, keys and values encoded. Quo reads an
     * array parameter as its key repeated ({@code participants=%2B15125550100&participants=%2B15125550101}), so a
     * list adds its key once per value; a null value, and a list with no values, add nothing.
     */
    public static final class Query {

        private final StringBuilder text = new StringBuilder();

        private Query() {
        }

        /** Adds {@code key=value}, unless the value is null. */
        public Query add(String key, Object value) {
            if (value != null) {
                text.append(text.length() == 0 ? "" : "&").append(encode(key)).append('=')
                        .append(encode(value.toString()));
            }
            return this;
        }

        /** Adds {@code key=value} once per value, in the list's order (Quo's array parameters). */
        public Query addAll(String key, Collection<?> values) {
            for (Object value : values) {
                add(key, value);
            }
            return this;
        }

        public boolean isEmpty() {
            return text.length() == 0;
        }

        /** The query string, without the leading {@code ?}. */
        @Override
        public String toString() {
            return text.toString();
        }
    }
}
