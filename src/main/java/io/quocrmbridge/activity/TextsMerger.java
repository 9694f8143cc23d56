package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.canonical.CanonicalMessage;

/**
 * Merges text message events into one {@link TextsActivity}: received/delivered/failed events of one message
 * become one text (its furthest status: failed over delivered over sent/received), and, when grouping by
 * conversation and hour, the texts of that hour are listed oldest first. The result depends only on the set of
 * events, never on their order.
 */
public final class TextsMerger {

    private final ZoneId zone;

    public TextsMerger(ZoneId zone) {
        this.zone = zone;
    }

    /** The activity a message belongs to: its own id, or its conversation's hour. */
    public String activityKey(CanonicalMessage message, boolean groupByHour, Directory directory) {
        if (!groupByHour) {
            return message.messageId();
        }
        String[] numbers = numbers(message, directory);
        String hour = hour(message.createdAt());
        String line = numbers[0] != null ? numbers[0] : Objects.toString(message.phoneNumberId(), "?");
        String other = numbers[1] != null ? numbers[1]
                : Objects.toString(message.conversationId(), message.messageId());
        return "texts:" + line + ":" + other + ":" + hour;
    }

    public TextsActivity merge(String activityKey, boolean grouped, List<CanonicalEvent> events, Directory directory) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to merge");
        }
        Map<String, List<CanonicalMessage>> byMessage = new LinkedHashMap<>();
        List<CanonicalEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing((CanonicalEvent e) -> Objects.toString(e.occurredAt(), ""))
                .thenComparing(CanonicalEvent::eventId));
        for (CanonicalEvent e : sorted) {
            byMessage.computeIfAbsent(e.message().messageId(), k -> new ArrayList<>()).add(e.message());
        }
        List<TextsActivity.Text> texts = new ArrayList<>();
        List<CanonicalMessage> firsts = new ArrayList<>();
        TreeSet<String> contactIds = new TreeSet<>();
        for (List<CanonicalMessage> versions : byMessage.values()) {
            // the most advanced state of the message, then the fullest content
            versions.sort(Comparator.comparingInt((CanonicalMessage m) -> statusRank(m)).reversed());
            CanonicalMessage best = versions.get(0);
            String text = versions.stream().map(CanonicalMessage::text).filter(t -> t != null && !t.isEmpty())
                    .findFirst().orElse(best.text());
            String createdAt = versions.stream().map(CanonicalMessage::createdAt).filter(Objects::nonNull)
                    .min(String::compareTo).orElse(null);
            List<String> media = versions.stream().map(CanonicalMessage::media).filter(m -> m != null && !m.isEmpty())
                    .findFirst().orElse(List.of());
            texts.add(new TextsActivity.Text(best.messageId(), firstNonNull(versions, CanonicalMessage::direction),
                    status(best), text, firstNonNull(versions, CanonicalMessage::from),
                    versions.stream().map(CanonicalMessage::to).filter(t -> t != null && !t.isEmpty()).findFirst()
                            .orElse(List.of()), media, createdAt));
            firsts.add(best);
            versions.forEach(m -> contactIds.addAll(m.contactIds() == null ? List.of() : m.contactIds()));
        }
        texts.sort(Comparator.comparing((TextsActivity.Text t) -> Objects.toString(t.createdAt(), ""))
                .thenComparing(TextsActivity.Text::messageId));
        CanonicalMessage first = firsts.stream()
                .filter(m -> m.messageId().equals(texts.get(0).messageId())).findFirst().orElse(firsts.get(0));
        String[] numbers = numbers(first, directory);
        TreeSet<String> theirs = new TreeSet<>();
        for (CanonicalMessage m : firsts) {
            String ours = numbers(m, directory)[0];
            if (inbound(m, directory)) {
                if (m.from() != null && !m.from().equals(ours)) {
                    theirs.add(m.from());
                }
            } else if (m.to() != null) {
                m.to().stream().filter(t -> !directory.isOurs(t) && !t.equals(ours)).forEach(theirs::add);
            }
        }
        String userId = firsts.stream().map(CanonicalMessage::userId).filter(Objects::nonNull).sorted().findFirst()
                .orElse(null);
        String lookup = firsts.stream().map(CanonicalMessage::contactLookup).filter(Objects::nonNull)
                .min(Comparator.comparing(l -> "matched".equals(l) ? 0 : 1)).orElse(null);
        String startedAt = texts.get(0).createdAt();
        return new TextsActivity(activityKey, grouped, firstNonNull(firsts, CanonicalMessage::conversationId),
                firstNonNull(firsts, CanonicalMessage::phoneNumberId), numbers[0], numbers[1],
                List.copyOf(theirs), texts.get(0).direction(), startedAt, texts.get(texts.size() - 1).createdAt(),
                localDate(startedAt), userId, directory.user(userId), List.copyOf(contactIds), lookup,
                firstNonNull(firsts, CanonicalMessage::deepLink), List.copyOf(texts));
    }

    private static int statusRank(CanonicalMessage m) {
        String s = status(m);
        return switch (s == null ? "" : s) {
            case "failed", "undelivered" -> 4;
            case "delivered" -> 3;
            case "sent", "received" -> 2;
            case "queued" -> 1;
            default -> 0;
        };
    }

    private static String status(CanonicalMessage m) {
        if (m.status() != null) {
            return m.status().toLowerCase(Locale.ROOT);
        }
        return switch (m.stage()) {
            case "failed" -> "failed";
            case "delivered" -> "delivered";
            case "received" -> "received";
            case "sent" -> "sent";
            default -> null;
        };
    }

    private static <T> T firstNonNull(List<CanonicalMessage> messages,
                                      java.util.function.Function<CanonicalMessage, T> field) {
        for (CanonicalMessage m : messages) {
            T value = field.apply(m);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** [ours, theirs]: an inbound text comes from them to us; an outbound one from us to them (the first of them). */
    static String[] numbers(CanonicalMessage m, Directory directory) {
        List<String> to = m.to() == null ? List.of() : m.to();
        if (inbound(m, directory)) {
            String ours = to.stream().filter(directory::isOurs).findFirst().orElse(to.isEmpty() ? null : to.get(0));
            return new String[] {ours, m.from()};
        }
        String theirs = to.stream().filter(t -> !directory.isOurs(t) && !t.equals(m.from())).findFirst().orElse(null);
        return new String[] {m.from(), theirs};
    }

    /** Quo's direction, else the workspace directory: a text from one of our numbers is outbound. */
    private static boolean inbound(CanonicalMessage m, Directory directory) {
        if (m.direction() != null) {
            return "inbound".equals(m.direction());
        }
        if (directory.isOurs(m.from())) {
            return false;
        }
        return m.to() != null && m.to().stream().anyMatch(directory::isOurs) || "received".equals(m.stage());
    }

    private String hour(String timestamp) {
        try {
            return Instant.parse(timestamp).atZone(zone).truncatedTo(ChronoUnit.HOURS).toLocalDateTime().toString();
        } catch (DateTimeParseException | NullPointerException e) {
            return "unknown-hour";
        }
    }

    private String localDate(String timestamp) {
        try {
            return Instant.parse(timestamp).atZone(zone).toLocalDate().toString();
        } catch (DateTimeParseException | NullPointerException e) {
            return timestamp != null && timestamp.length() >= 10 ? timestamp.substring(0, 10) : null;
        }
    }
}
