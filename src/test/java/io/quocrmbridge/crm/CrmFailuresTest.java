package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.quocrmbridge.canonical.NormalizationException;
import io.quocrmbridge.crm.CrmFailure.Kind;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExpressionEvaluationException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.SalesforceMultipleChoicesException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrmFailuresTest {

    // ---- HTTP answers ----

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
    void retryableHttpStatusIsTransient(int status) {
        CrmFailure failure = CrmFailures.classify(http(status, "try later"));

        assertThat(failure.kind(), is(Kind.TRANSIENT));
        assertThat(failure.httpStatus(), is(status));
    }

    @Test
    void unauthorizedHttpStatusMakesTheTargetUnavailable() {
        CrmFailure failure = CrmFailures.classify(http(401, "Session expired or invalid"));

        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.errorCode(), equalTo("UNAUTHORIZED"));
        assertThat(failure.httpStatus(), is(401));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 405, 409, 413, 422})
    void otherClientErrorIsPermanent(int status) {
        CrmFailure failure = CrmFailures.classify(http(status, "{\"message\":\"nope\"}"));

        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.httpStatus(), is(status));
        assertThat(failure.reason(), containsString("nope"));
    }

    @Test
    void longResponseBodyIsAbbreviatedInTheReason() {
        CrmFailure failure = CrmFailures.classify(http(400, "x".repeat(2000)));

        assertThat(failure.reason().length() < 600, is(true));
    }

    // ---- Salesforce errors ----

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void salesforceRetryableStatusIsTransient(int status) {
        CrmFailure failure = CrmFailures.classify(salesforce(status, "SERVER_ERROR", "try again"));

        assertThat(failure.kind(), is(Kind.TRANSIENT));
        assertThat(failure.httpStatus(), is(status));
    }

    @Test
    void salesforceUnauthorizedMakesTheTargetUnavailable() {
        CrmFailure failure = CrmFailures.classify(salesforce(401, "INVALID_SESSION_ID", "Session expired or invalid"));

        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.errorCode(), equalTo("INVALID_SESSION_ID"));
    }

    @Test
    void salesforceLoginErrorMakesTheTargetUnavailable() {
        // the message camel-salesforce's SalesforceSession gives a refused login
        SalesforceException login = new SalesforceException(
                "Login error code:[invalid_grant] description:[authentication failure]", 400);

        CrmFailure failure = CrmFailures.classify(login);

        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.errorCode(), equalTo("LOGIN_FAILED"));
        assertThat(failure.httpStatus(), is(400));
    }

    @Test
    void salesforceLoginErrorWithoutHttpAnswerMakesTheTargetUnavailable() {
        CrmFailure failure = CrmFailures.classify(new SalesforceException("Login error: interrupted", 0));

        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.httpStatus(), nullValue());
    }

    @Test
    void salesforceRequestLimitExceededMakesTheTargetUnavailable() {
        CrmFailure failure = CrmFailures.classify(salesforce(403, "REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded."));

        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.errorCode(), equalTo("REQUEST_LIMIT_EXCEEDED"));
    }

    @Test
    void salesforceValidationErrorIsPermanentWithItsCodeAndFields() {
        SalesforceException invalid = new SalesforceException(List.of(new RestError("INVALID_EMAIL_ADDRESS",
                "Email: invalid email address: jane@", List.of("Email"))), 400);

        CrmFailure failure = CrmFailures.classify(invalid);

        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.errorCode(), equalTo("INVALID_EMAIL_ADDRESS"));
        assertThat(failure.httpStatus(), is(400));
        assertThat(failure.reason(), containsString("[Email]"));
    }

    @Test
    void salesforceRowLockIsTransientDespiteItsClientStatus() {
        CrmFailure failure = CrmFailures.classify(salesforce(400, "UNABLE_TO_LOCK_ROW", "unable to obtain lock"));

        assertThat(failure.kind(), is(Kind.TRANSIENT));
    }

    @Test
    void salesforceErrorWithoutHttpAnswerIsTransient() {
        CrmFailure failure = CrmFailures.classify(new SalesforceException("Unexpected error: connection reset",
                new IOException("connection reset")));

        assertThat(failure.kind(), is(Kind.TRANSIENT));
        assertThat(failure.httpStatus(), nullValue());
    }

    @Test
    void severalRecordsMatchingTheExternalIdIsPermanent() {
        SalesforceMultipleChoicesException multiple = new SalesforceMultipleChoicesException("Multiple choices", 300,
                List.of("/services/data/v62.0/sobjects/Contact/0035g00000ABCdEAAX",
                        "/services/data/v62.0/sobjects/Contact/0035g00000ABCdFAAX"));

        CrmFailure failure = CrmFailures.classify(multiple);

        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.errorCode(), equalTo("MULTIPLE_CHOICES"));
        assertThat(failure.httpStatus(), is(300));
    }

    // ---- everything else ----

    @Test
    void ioFailuresAndTimeoutsAreTransient() {
        assertThat(CrmFailures.classify(new IOException("broken pipe")).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.classify(new ConnectException("Connection refused")).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.classify(new SocketTimeoutException("Read timed out")).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.classify(new TimeoutException("no answer")).kind(), is(Kind.TRANSIENT));
    }

    @Test
    void failedMappingExpressionIsPermanent() {
        ExpressionEvaluationException mapping = new ExpressionEvaluationException(null, "jq mapping failed", null,
                new IllegalStateException("Cannot iterate over null"));

        CrmFailure failure = CrmFailures.classify(mapping);

        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.errorCode(), equalTo("MAPPING_FAILED"));
    }

    @Test
    void recordTheBridgeCannotNormalizeIsPermanent() {
        CrmFailure failure = CrmFailures.classify(new NormalizationException("contact has no id"));

        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.errorCode(), equalTo("BAD_RECORD"));
    }

    @Test
    void causeIsFoundBehindWrappingExceptions() {
        RuntimeException wrapped = new CamelExecutionException("Exception occurred during execution", null,
                new RuntimeException("outer", http(404, "NOT_FOUND")));

        assertThat(CrmFailures.classify(wrapped).kind(), is(Kind.PERMANENT));
        assertThat(CrmFailures.classify(new RuntimeException(new SocketTimeoutException("Read timed out"))).kind(),
                is(Kind.TRANSIENT));
    }

    @Test
    void unknownFailureIsRetriedRatherThanDropped() {
        assertThat(CrmFailures.classify(new IllegalStateException("surprise")).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.classify(null).kind(), is(Kind.TRANSIENT));
    }

    // ---- per-record errors of a collection call ----

    @Test
    void recordErrorsAreClassifiedByTheirCode() {
        assertThat(CrmFailures.fromRecordErrors("UNABLE_TO_LOCK_ROW", "lock", 200).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.fromRecordErrors("SERVER_UNAVAILABLE", "busy", 200).kind(), is(Kind.TRANSIENT));
        assertThat(CrmFailures.fromRecordErrors("REQUEST_LIMIT_EXCEEDED", "limit", 200).kind(),
                is(Kind.TARGET_UNAVAILABLE));
        assertThat(CrmFailures.fromRecordErrors("REQUIRED_FIELD_MISSING", "LastName", 200).kind(),
                is(Kind.PERMANENT));
    }

    // ---- helpers ----

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("https://acme.my.salesforce.com/services/data/v62.0/sobjects/Contact",
                status, "status " + status, null, Map.of(), body);
    }

    private static SalesforceException salesforce(int status, String code, String message) {
        return new SalesforceException(List.of(new RestError(code, message)), status);
    }

    // ---- HTTP CRMs' rate limits (HubSpot's 429 bodies; Retry-After) ----

    @Test
    void hubSpotsTenSecondWindowRestsTheTargetForTheWindowWithoutUsingAttempts() {
        CrmFailure failure = CrmFailures.classify(new HttpOperationFailedException("https://api.hubapi.com/crm/v3",
                429, "Too Many Requests", null, Map.of("X-HubSpot-RateLimit-Interval-Milliseconds", "10000"),
                "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
        assertThat(failure.kind(), is(Kind.THROTTLED));
        assertThat(failure.errorCode(), is("TEN_SECONDLY_ROLLING"));
        assertThat(failure.pause(), is(java.time.Duration.ofSeconds(10)));
    }

    @Test
    void hubSpotsDailyLimitMakesTheTargetUnavailable() {
        CrmFailure failure = CrmFailures.classify(http(429,
                "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}"));
        assertThat(failure.kind(), is(Kind.TARGET_UNAVAILABLE));
        assertThat(failure.errorCode(), is("DAILY"));
    }

    @Test
    void aRetryAfterHeaderSetsTheRest() {
        CrmFailure failure = CrmFailures.classify(new HttpOperationFailedException("https://crm.example/api", 429,
                "Too Many Requests", null, Map.of("Retry-After", "7"), "slow down"));
        assertThat(failure.kind(), is(Kind.THROTTLED));
        assertThat(failure.pause(), is(java.time.Duration.ofSeconds(7)));
    }

    @Test
    void aJsonErrorBodyGivesItsMessageAndCategory() {
        CrmFailure failure = CrmFailures.classify(http(400, "{\"status\":\"error\",\"message\":\"Property values "
                + "were not valid\",\"category\":\"VALIDATION_ERROR\",\"correlationId\":\"c0ffee\"}"));
        assertThat(failure.kind(), is(Kind.PERMANENT));
        assertThat(failure.errorCode(), is("VALIDATION_ERROR"));
        assertThat(failure.reason(), is("Property values were not valid"));
    }
}
