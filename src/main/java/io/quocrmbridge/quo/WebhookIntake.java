package io.quocrmbridge.quo;

import io.quocrmbridge.flow.ExchangeVariables;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.observe.BridgeMetrics;
import io.quocrmbridge.observe.EventLog;
import io.quocrmbridge.store.InboxEvent;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the webhook intake route ({@code routes/webhook-intake.camel.yaml}): verify the signature on the raw
 * bytes, check the envelope, store it in the inbox, and build the answer. Each step either passes the exchange on
 * or throws {@link WebhookRejectedException}, which the route's error handling turns into the JSON answer.
 */
public final class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    private static final int MAX_ID_LENGTH = 200;
    private static final int MAX_TYPE_LENGTH = 100;

    private final WebhookSignatureVerifier verifier;
    private final boolean verify;
    private final InboxStore inbox;
    private final BridgeMetrics metrics;

    public WebhookIntake(WebhookSignatureVerifier verifier, boolean verify, InboxStore inbox, BridgeMetrics metrics) {
        this.verifier = verifier;
        this.verify = verify;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    /** Step 1: the signature, on the raw bytes, before anything parses the body. */
    public void verifySignature(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = rawBody(message);
        WebhookSignatureVerifier.Scheme scheme;
        if (verify) {
            WebhookSignatureVerifier.Result result = verifier.verify(name -> message.getHeader(name, String.class), body);
            if (!result.valid()) {
                throw new WebhookRejectedException(401, result.failure().code(), result.failure().description());
            }
            scheme = result.scheme();
        } else {
            scheme = WebhookSignatureVerifier.schemeOf(name -> message.getHeader(name, String.class));
        }
        exchange.setVariable(ExchangeVariables.EVENT_SOURCE, scheme == WebhookSignatureVerifier.Scheme.STANDARD
                ? InboxEvent.EventSource.WEBHOOK_BETA : InboxEvent.EventSource.WEBHOOK_LEGACY);
    }

    /** Step 2: the envelope must be a JSON object with a string id and type. */
    public void checkEnvelope(Exchange exchange) {
        byte[] body = rawBody(exchange.getMessage());
        JsonNode envelope;
        try {
            envelope = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException(400, "not_json", "body is not JSON");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new WebhookRejectedException(400, "not_an_object", "body is not a JSON object");
        }
        String eventId = Json.text(envelope, "id");
        String eventType = Json.text(envelope, "type");
        if (eventId == null || eventId.isBlank()) {
            throw new WebhookRejectedException(400, "missing_id", "envelope has no string id");
        }
        exchange.setVariable(ExchangeVariables.EVENT_ID, eventId);
        EventLog.enter(eventId);
        if (eventType == null || eventType.isBlank()) {
            throw new WebhookRejectedException(400, "missing_type", "envelope has no string type");
        }
        if (eventId.length() > MAX_ID_LENGTH || eventType.length() > MAX_TYPE_LENGTH) {
            throw new WebhookRejectedException(400, "id_or_type_too_long", "envelope id or type is too long");
        }
        exchange.setVariable(ExchangeVariables.EVENT_TYPE, eventType);
    }

    /** Step 3: commit to the inbox; a redelivery of a stored event (or delivery id) is a duplicate. */
    public void store(Exchange exchange) {
        Message message = exchange.getMessage();
        String eventId = exchange.getVariable(ExchangeVariables.EVENT_ID, String.class);
        String eventType = exchange.getVariable(ExchangeVariables.EVENT_TYPE, String.class);
        InboxEvent.EventSource source = exchange.getVariable(ExchangeVariables.EVENT_SOURCE, InboxEvent.EventSource.class);
        String deliveryId = source == InboxEvent.EventSource.WEBHOOK_BETA
                ? message.getHeader(WebhookSignatureVerifier.STANDARD_ID_HEADER, String.class) : null;
        String body = new String(rawBody(message), StandardCharsets.UTF_8);
        InboxStore.Accepted accepted = inbox.accept(eventId, blankToNull(deliveryId), source, eventType, body);
        exchange.setVariable(ExchangeVariables.DUPLICATE, accepted.duplicate());
        if (accepted.duplicate()) {
            metrics.webhook(eventType, "duplicate");
            LOG.info("webhook {} duplicate delivery, already stored ({})", eventType, source.label());
        } else {
            metrics.webhook(eventType, "accepted");
            LOG.info("webhook {} accepted and stored ({}, inbox #{})", eventType, source.label(), accepted.id());
            exchange.setVariable(ExchangeVariables.INBOX_EVENT, new InboxEvent(accepted.id(), eventId, deliveryId, source.label(),
                    eventType, null, body));
        }
    }

    /** The 2xx answer: 202 when stored, 200 for a duplicate. */
    public String answer(Exchange exchange) {
        boolean duplicate = Boolean.TRUE.equals(exchange.getVariable(ExchangeVariables.DUPLICATE, Boolean.class));
        answerHeaders(exchange, duplicate ? 200 : 202);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", duplicate ? "duplicate" : "accepted");
        answer.put("eventId", exchange.getVariable(ExchangeVariables.EVENT_ID, String.class));
        EventLog.leave();
        return Json.write(answer);
    }

    /** The answer to a refused delivery: its status and a short JSON reason; logged with the event id if known. */
    public String rejected(Exchange exchange) {
        WebhookRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                WebhookRejectedException.class);
        String type = exchange.getVariable(ExchangeVariables.EVENT_TYPE, String.class);
        metrics.webhook(type == null ? "unknown" : type, "rejected_" + rejection.getReason());
        LOG.warn("webhook refused with {}: {} ({}), from {}", rejection.getStatus(), rejection.getReason(),
                rejection.getMessage(), remote(exchange));
        return error(exchange, rejection.getStatus(), rejection.getReason(), rejection.getMessage());
    }

    /** The answer when the inbox can't store: 503, so Quo delivers again later. */
    public String storeUnavailable(Exchange exchange) {
        StoreUnavailableException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                StoreUnavailableException.class);
        String type = exchange.getVariable(ExchangeVariables.EVENT_TYPE, String.class);
        metrics.webhook(type == null ? "unknown" : type, "store_unavailable");
        LOG.error("webhook not stored, answering 503 so Quo retries: {}",
                failure == null ? "store unavailable" : failure.getMessage());
        return error(exchange, 503, "store_unavailable", "the bridge cannot store events right now; retry later");
    }

    static String error(Exchange exchange, int status, String reason, String message) {
        answerHeaders(exchange, status);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", reason);
        answer.put("message", message);
        String eventId = exchange.getVariable(ExchangeVariables.EVENT_ID, String.class);
        if (eventId != null) {
            answer.put("eventId", eventId);
        }
        EventLog.leave();
        return Json.write(answer);
    }

    /** The answer carries its status and content type only: no request header is echoed back. */
    private static void answerHeaders(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private static byte[] rawBody(Message message) {
        byte[] body = message.getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }

    private static String remote(Exchange exchange) {
        Object address = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        return address == null ? "unknown" : address.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
