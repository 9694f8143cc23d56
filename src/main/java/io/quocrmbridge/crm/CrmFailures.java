package io.quocrmbridge.crm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.canonical.NormalizationException;
import org.apache.camel.ExpressionEvaluationException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.SalesforceMultipleChoicesException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Classifies what went wrong in a CRM call: 429 and 5xx, timeouts and broken connections are transient; a refused
 * login and an exhausted API allowance make the whole target unavailable for a while; every other 4xx, and data
 * the mapping can't handle, is permanent.
 */
public final class CrmFailures {

    private CrmFailures() {
    }

    public static CrmFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SalesforceMultipleChoicesException multiple) {
                return CrmFailure.permanent("several CRM records match this external id: "
                        + multiple.getChoices(), "MULTIPLE_CHOICES", 300);
            }
            if (cause instanceof SalesforceException salesforce) {
                return salesforce(salesforce);
            }
            if (cause instanceof HttpOperationFailedException http) {
                return http(http.getStatusCode(), http.getStatusText(), http.getResponseBody(),
                        http.getResponseHeaders());
            }
            if (cause instanceof NormalizationException) {
                return CrmFailure.permanent(cause.getMessage(), "BAD_RECORD", null);
            }
            if (cause instanceof ExpressionEvaluationException) {
                // the route file's mapping failed on this record: fix the mapping, then replay the dead letters
                return CrmFailure.permanent("mapping failed: " + cause.getMessage(), "MAPPING_FAILED", null);
            }
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return CrmFailure.retryable(cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
            }
        }
        String reason = failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return CrmFailure.retryable(reason, null, null);
    }

    private static CrmFailure salesforce(SalesforceException e) {
        int status = e.getStatusCode();
        List<RestError> errors = e.getErrors();
        if ((errors == null || errors.isEmpty()) && e.getMessage() != null) {
            // camel-salesforce's raw operation carries the answer's body as the message: Salesforce's error list
            errors = restErrors(e.getMessage());
        }
        String code = errors == null || errors.isEmpty() ? null : errors.get(0).getErrorCode();
        String reason = errors == null || errors.isEmpty() ? e.getMessage() : describe(errors);
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Login error") || message.startsWith("Failed to login")) {
            return CrmFailure.targetUnavailable("Salesforce login failed: " + message, "LOGIN_FAILED",
                    status == 0 ? null : status);
        }
        if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return CrmFailure.targetUnavailable(reason, code, status);
        }
        if (status == 0) {
            // no HTTP answer at all: connection refused, reset, timeout
            return CrmFailure.retryable(reason, code, null);
        }
        if ("UNABLE_TO_LOCK_ROW".equals(code) || "SERVER_UNAVAILABLE".equals(code)) {
            return CrmFailure.retryable(reason, code, status);
        }
        return byStatus(status, reason, code);
    }

    /**
     * An HTTP CRM's answer (HubSpot, a REST target): the reason is the JSON error's {@code message} (and its
     * {@code category} or {@code errorCode} the code) when the body is one. A 429 says how long to wait: HubSpot's
     * {@code policyName} DAILY means the day's allowance is spent (the target waits, as for a refused login);
     * TEN_SECONDLY_ROLLING, SECONDLY, or a {@code Retry-After} header mean the short window is full (the target
     * rests for it, the record keeps its attempts).
     */
    static CrmFailure http(int status, String statusText, String body, Map<String, String> headers) {
        JsonNode json = parseQuietly(body);
        String message = json == null ? null : textOf(json, "message");
        String code = json == null ? null : textOf(json, "category") != null ? textOf(json, "category")
                : textOf(json, "errorCode");
        String reason = message != null ? message : (statusText == null ? "" : statusText + " ") + abbreviate(body);
        if (status == 429) {
            String policy = json == null ? null : textOf(json, "policyName");
            if ("DAILY".equalsIgnoreCase(policy)) {
                return CrmFailure.targetUnavailable("the daily API allowance is spent: " + reason, "DAILY", status);
            }
            Duration window = retryAfter(headers);
            if (window == null) {
                window = millisHeader(headers, "X-HubSpot-RateLimit-Interval-Milliseconds");
            }
            if (window == null && policy != null) {
                window = policy.toUpperCase(java.util.Locale.ROOT).startsWith("SECONDLY") ? Duration.ofSeconds(1)
                        : Duration.ofSeconds(10);
            }
            if (window != null) {
                return CrmFailure.throttled(reason, policy == null ? "RATE_LIMITED" : policy, status, window);
            }
        }
        return byStatus(status, reason, code);
    }

    private static JsonNode parseQuietly(String body) {
        if (body == null || body.isBlank() || !(body.trim().startsWith("{"))) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String textOf(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is not used by CRMs' APIs), or null. */
    private static Duration retryAfter(Map<String, String> headers) {
        String value = header(headers, "Retry-After");
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(Math.min(seconds, 3600)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration millisHeader(Map<String, String> headers, String name) {
        String value = header(headers, name);
        if (value == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(value.trim());
            return millis > 0 ? Duration.ofMillis(Math.min(millis, 3_600_000)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Retry 408, 425, 429 and 5xx; 401 means the session could not be renewed; every other status is permanent. */
    static CrmFailure byStatus(int status, String reason, String code) {
        if (status == 401) {
            return CrmFailure.targetUnavailable(reason, code == null ? "UNAUTHORIZED" : code, status);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return CrmFailure.retryable(reason, code, status);
        }
        return CrmFailure.permanent(reason, code, status);
    }

    /** A Salesforce per-record error list (collections) as a failure. */
    public static CrmFailure fromRecordErrors(String code, String message, int httpStatus) {
        if ("UNABLE_TO_LOCK_ROW".equals(code) || "SERVER_UNAVAILABLE".equals(code)) {
            return CrmFailure.retryable(message, code, httpStatus);
        }
        if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return CrmFailure.targetUnavailable(message, code, httpStatus);
        }
        return CrmFailure.permanent(message, code, httpStatus);
    }

    private static String describe(List<RestError> errors) {
        StringBuilder text = new StringBuilder();
        for (RestError error : errors) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(error.getErrorCode()).append(": ").append(error.getMessage());
            if (error.getFields() != null && !error.getFields().isEmpty()) {
                text.append(" ").append(error.getFields());
            }
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    /** Salesforce's error list ({@code [{"errorCode", "message", "fields"}]}) in an answer body; empty if it is not one. */
    static List<RestError> restErrors(String body) {
        String text = body.trim();
        if (!text.startsWith("[")) {
            return List.of();
        }
        try {
            List<RestError> errors = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode error : io.quocrmbridge.json.Json.parse(text)) {
                String code = io.quocrmbridge.json.Json.text(error, "errorCode");
                if (code == null) {
                    code = io.quocrmbridge.json.Json.text(error, "statusCode");
                }
                List<String> fields = new java.util.ArrayList<>();
                error.path("fields").forEach(field -> fields.add(field.asText()));
                errors.add(new RestError(code, error.path("message").asText(""), fields));
            }
            return errors;
        } catch (RuntimeException notJson) {
            return List.of();
        }
    }
}
