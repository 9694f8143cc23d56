package io.quocrmbridge.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.DeadLetterReplay;
import io.quocrmbridge.store.DeadLetter;
import io.quocrmbridge.store.DeadLetterStore;
import io.quocrmbridge.store.InboxStore;
import io.quocrmbridge.store.OutcomeJournal;
import org.apache.camel.Exchange;

/**
 * The answers of the admin API ({@code routes/admin-api.camel.yaml}, on the management port): dead letters
 * (list, show, replay, discard), and what happened to one event or one record (the outcome journal).
 */
public final class AdminApi {

    private final DeadLetterStore deadLetters;
    private final DeadLetterReplay replay;
    private final InboxStore inbox;
    private final OutcomeJournal journal;
    private final String token;
    private final boolean open;

    /**
     * @param open whether the admin API answers at all: false when the management port is bound beyond loopback
     *             without a token (see {@link AdminConfiguration})
     */
    public AdminApi(DeadLetterStore deadLetters, DeadLetterReplay replay, InboxStore inbox, OutcomeJournal journal,
                    String token, boolean open) {
        this.open = open;
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.inbox = inbox;
        this.journal = journal;
        this.token = token == null ? "" : token.trim();
    }

    /** True when the request may use the admin API: no token is configured, or it carries the right bearer token. */
    public boolean authorized(Exchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        return header != null && java.security.MessageDigest.isEqual(
                ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                header.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** True when the admin API is off: the management port is reachable beyond loopback and no token is set. */
    public boolean off() {
        return !open;
    }

    /** 403 answer while the admin API is off. */
    public String turnedOff(Exchange exchange) {
        return answer(exchange, 403, Map.of("error", "admin_api_off",
                "message", "the management port is bound beyond loopback (MANAGEMENT_HOST) and BRIDGE_ADMIN_TOKEN is "
                        + "not set: the admin API is off"));
    }

    /** 401 answer for a request without the admin token. */
    public String unauthorized(Exchange exchange) {
        return answer(exchange, 401, Map.of("error", "unauthorized",
                "message", "the admin API needs 'Authorization: Bearer <BRIDGE_ADMIN_TOKEN>'"));
    }

    /**
     * GET /admin/dead-letters?status=NEW&target=salesforce&limit=100&before=42: newest first, at most 1,000 a page;
     * {@code next} is the {@code before} of the next page (null on the last one).
     */
    public String listDeadLetters(Exchange exchange) {
        String status = query(exchange, "status", DeadLetter.NEW);
        String target = query(exchange, "target", null);
        int limit = Math.max(1, Math.min(intQuery(exchange, "limit", 100), 1000));
        long before = longQuery(exchange, "before", -1);
        List<Map<String, Object>> items = new ArrayList<>();
        List<DeadLetter> page = deadLetters.list("all".equalsIgnoreCase(status) ? null : status, target,
                before > 0 ? before : null, limit);
        for (DeadLetter letter : page) {
            items.add(view(letter, false));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deadLetters", items);
        body.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
        body.put("openByTarget", deadLetters.openByTarget());
        return answer(exchange, 200, body);
    }

    /** GET /admin/dead-letters/{id}: with the payload. */
    public String showDeadLetter(Exchange exchange) {
        long id = pathId(exchange);
        return deadLetters.find(id)
                .map(letter -> answer(exchange, 200, view(letter, true)))
                .orElseGet(() -> answer(exchange, 404, Map.of("error", "not_found", "id", id)));
    }

    /** POST /admin/dead-letters/{id}/replay */
    public String replayOne(Exchange exchange) {
        DeadLetterReplay.Result result = replay.replay(pathId(exchange));
        return answer(exchange, "not-found".equals(result.outcome()) ? 404 : 200, Map.of("result", result));
    }

    /** POST /admin/dead-letters/replay?target=salesforce&limit=1000: every open one, oldest first. */
    public String replayAll(Exchange exchange) {
        List<DeadLetterReplay.Result> results = replay.replayAll(query(exchange, "target", null),
                intQuery(exchange, "limit", 1000));
        return answer(exchange, 200, DeadLetterReplay.summary(results));
    }

    /** POST /admin/dead-letters/{id}/discard */
    public String discard(Exchange exchange) {
        DeadLetterReplay.Result result = replay.discard(pathId(exchange));
        return answer(exchange, "not-found".equals(result.outcome()) ? 404 : 200, Map.of("result", result));
    }

    /** GET /admin/events/{eventId}: the stored event's state and its journal. */
    public String event(Exchange exchange) {
        String eventId = exchange.getMessage().getHeader("eventId", String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        inbox.status(eventId).ifPresent(status -> body.put("inbox", status));
        body.put("journal", journal.forEvent(eventId));
        return answer(exchange, body.containsKey("inbox") || !journal.forEvent(eventId).isEmpty() ? 200 : 404, body);
    }

    /** GET /admin/records/{recordKey}: every journal line of one record (contact key, call id...). */
    public String record(Exchange exchange) {
        String recordKey = exchange.getMessage().getHeader("recordKey", String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordKey", recordKey);
        body.put("journal", journal.forRecord(recordKey));
        return answer(exchange, 200, body);
    }

    private static Map<String, Object> view(DeadLetter letter, boolean withPayload) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("status", letter.status());
        view.put("target", letter.target());
        view.put("kind", letter.kind());
        view.put("operation", letter.operation());
        view.put("recordKey", letter.recordKey());
        view.put("eventId", letter.eventId());
        view.put("eventType", letter.eventType());
        view.put("reason", letter.reason());
        view.put("errorCode", letter.errorCode());
        view.put("httpStatus", letter.httpStatus());
        view.put("attempts", letter.attempts());
        view.put("createdAt", letter.createdAt() == null ? null : letter.createdAt().toString());
        view.put("resolvedAt", letter.resolvedAt() == null ? null : letter.resolvedAt().toString());
        if (withPayload && letter.payload() != null) {
            try {
                view.put("payload", Json.parse(letter.payload()));
            } catch (IllegalArgumentException notJson) {
                view.put("payload", letter.payload());
            }
        }
        return view;
    }

    private static String answer(Exchange exchange, int status, Map<String, ?> body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return Json.write(body);
    }

    private static long pathId(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String query(Exchange exchange, String name, String fallback) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long longQuery(Exchange exchange, String name, long fallback) {
        try {
            return Long.parseLong(query(exchange, name, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int intQuery(Exchange exchange, String name, int fallback) {
        try {
            return Integer.parseInt(query(exchange, name, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
