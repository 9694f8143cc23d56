package io.quocrmbridge.crm;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

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
                return byStatus(http.getStatusCode(), http.getStatusText() + " " + abbreviate(http.getResponseBody()),
                        null);
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
}
