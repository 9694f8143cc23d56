package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

import io.quocrmbridge.canonical.CanonicalCall;
import io.quocrmbridge.canonical.CanonicalEvent;

/**
 * Merges every event about one call into one {@link CallActivity}. The result depends only on the set of events,
 * never on the order they arrived in: each field is taken from the event that ranks highest for it (a call's facts
 * from call.completed over call.answered over call.ringing, with details fetched from Quo's API above all; a
 * summary or transcript from the latest completed one), and lists are unions. Ties break on the event's time, then
 * its id.
 */
public final class CallMerger {

    private final ZoneId zone;

    public CallMerger(ZoneId zone) {
        this.zone = zone;
    }

    /** How much an event's call facts are trusted: later stages of a call know more. */
    static int rank(String stage) {
        return switch (stage == null ? "" : stage) {
            case "details" -> 7;
            case "completed", "missed" -> 6;
            case "recording" -> 5;
            case "voicemail" -> 4;
            case "answered" -> 3;
            case "ringing" -> 2;
            case "summary", "transcript" -> 1;
            default -> 0;
        };
    }

    public CallActivity merge(List<CanonicalEvent> events, Directory directory) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to merge");
        }
        // best first: the order every "first non-null" below relies on
        List<CanonicalEvent> ranked = new ArrayList<>(events);
        ranked.sort(Comparator.<CanonicalEvent>comparingInt(e -> rank(e.call().stage())).reversed()
                .thenComparing(CallMerger::time, Comparator.reverseOrder())
                .thenComparing(CanonicalEvent::eventId, Comparator.reverseOrder()));

        String callId = ranked.get(0).call().callId();
        String direction = first(ranked, CanonicalCall::direction);
        String status = first(ranked, CanonicalCall::status);
        String createdAt = first(ranked, CanonicalCall::createdAt);
        String answeredAt = first(ranked, CanonicalCall::answeredAt);
        String completedAt = first(ranked, CanonicalCall::completedAt);
        Integer duration = first(ranked, CanonicalCall::durationSeconds);
        List<String> participants = firstList(ranked, CanonicalCall::participants);
        String phoneNumberId = first(ranked, CanonicalCall::phoneNumberId);
        String userId = first(ranked, CanonicalCall::userId);
        String aiHandled = first(ranked, CanonicalCall::aiHandled);
        CanonicalCall.Voicemail voicemail = first(ranked, CanonicalCall::voicemail);

        CanonicalEvent summaryEvent = best(ranked, "summary", c -> c.summary() != null && !c.summary().isEmpty()
                || c.nextSteps() != null && !c.nextSteps().isEmpty(), CanonicalCall::summaryStatus);
        CanonicalEvent transcriptEvent = best(ranked, "transcript",
                c -> c.transcript() != null && !c.transcript().isEmpty(), CanonicalCall::transcriptStatus);

        String[] numbers = numbers(ranked, direction, participants, directory);
        String outcome = outcome(ranked, status, answeredAt, voicemail, aiHandled);

        List<CallActivity.Recording> recordings = recordings(ranked);
        Directory.User user = directory.user(userId);
        List<CallActivity.Line> transcript = transcriptEvent == null ? null
                : lines(transcriptEvent.call().transcript(), directory, numbers[1]);

        TreeSet<String> contactIds = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        for (CanonicalEvent e : ranked) {
            contactIds.addAll(e.call().contactIds() == null ? List.of() : e.call().contactIds());
            types.add(e.quoType());
        }
        return new CallActivity(callId, direction, status, outcome, createdAt, answeredAt, completedAt, duration,
                localDate(createdAt != null ? createdAt : time(ranked.get(0))), numbers[0], numbers[1], participants,
                phoneNumberId, userId, user, first(ranked, CanonicalCall::answeredBy),
                first(ranked, CanonicalCall::initiatedBy), first(ranked, CanonicalCall::conversationId),
                List.copyOf(contactIds), lookup(ranked), recordings,
                recordings.isEmpty() ? null : recordings.get(0).url(),
                voicemail == null ? null : new CallActivity.Voicemail(voicemail.url(), voicemail.durationSeconds(),
                        voicemail.transcript()),
                summaryEvent == null ? null : summaryEvent.call().summary(),
                summaryEvent == null ? null : summaryEvent.call().nextSteps(), transcript, aiHandled,
                first(ranked, CanonicalCall::forwardedFrom), first(ranked, CanonicalCall::forwardedTo),
                first(ranked, CanonicalCall::callRoute), first(ranked, CanonicalCall::deepLink), List.copyOf(types));
    }

    private static String time(CanonicalEvent event) {
        return event.occurredAt() == null ? "" : event.occurredAt();
    }

    private static <T> T first(List<CanonicalEvent> ranked, Function<CanonicalCall, T> field) {
        for (CanonicalEvent e : ranked) {
            T value = field.apply(e.call());
            if (value != null && !(value instanceof String s && s.isBlank())) {
                return value;
            }
        }
        return null;
    }

    private static List<String> firstList(List<CanonicalEvent> ranked, Function<CanonicalCall, List<String>> field) {
        for (CanonicalEvent e : ranked) {
            List<String> value = field.apply(e.call());
            if (value != null && !value.isEmpty()) {
                return List.copyOf(value);
            }
        }
        return List.of();
    }

    /**
     * The summary or transcript to show: of the events carrying one, a completed one before any other, then the
     * latest.
     */
    private static CanonicalEvent best(List<CanonicalEvent> ranked, String stage,
                                       java.util.function.Predicate<CanonicalCall> carries,
                                       Function<CanonicalCall, String> status) {
        CanonicalEvent best = null;
        for (CanonicalEvent e : ranked) {
            if (!carries.test(e.call())) {
                continue;
            }
            if (best == null || better(e, best, status)) {
                best = e;
            }
        }
        return best;
    }

    private static boolean better(CanonicalEvent a, CanonicalEvent b, Function<CanonicalCall, String> status) {
        boolean aDone = isCompleted(status.apply(a.call()));
        boolean bDone = isCompleted(status.apply(b.call()));
        if (aDone != bDone) {
            return aDone;
        }
        int byTime = time(a).compareTo(time(b));
        return byTime != 0 ? byTime > 0 : a.eventId().compareTo(b.eventId()) > 0;
    }

    private static boolean isCompleted(String status) {
        return status == null || "completed".equalsIgnoreCase(status);
    }

    /**
     * Which number is ours and which is theirs: the beta plane says so; else the workspace directory knows our
     * numbers; else legacy from/to with the direction; else Quo's participants order (theirs first on incoming
     * calls, ours first on outgoing ones).
     */
    private static String[] numbers(List<CanonicalEvent> ranked, String direction, List<String> participants,
                                     Directory directory) {
        List<String> workspace = firstList(ranked, CanonicalCall::workspaceNumbers);
        List<String> external = firstList(ranked, CanonicalCall::externalNumbers);
        String ours = workspace.isEmpty() ? null : workspace.get(0);
        String theirs = external.isEmpty() ? null : external.get(0);
        List<String> candidates = new ArrayList<>(participants);
        String from = first(ranked, CanonicalCall::fromNumber);
        String to = first(ranked, CanonicalCall::toNumber);
        for (String n : new String[] {from, to}) {
            if (n != null && !candidates.contains(n)) {
                candidates.add(n);
            }
        }
        for (String n : candidates) {
            if (directory.isOurs(n)) {
                ours = ours == null ? n : ours;
            } else if (!directory.numbers().isEmpty() && theirs == null && !n.equals(ours)) {
                theirs = n;
            }
        }
        boolean inbound = "inbound".equals(direction);
        if ((ours == null || theirs == null) && (from != null || to != null) && direction != null) {
            ours = ours == null ? (inbound ? to : from) : ours;
            theirs = theirs == null ? (inbound ? from : to) : theirs;
        }
        if ((ours == null || theirs == null) && participants.size() == 2 && direction != null) {
            ours = ours == null ? participants.get(inbound ? 1 : 0) : ours;
            theirs = theirs == null ? participants.get(inbound ? 0 : 1) : theirs;
        }
        if (theirs != null && theirs.equals(ours) || directory.isOurs(theirs)) {
            theirs = null;
        }
        return new String[] {ours, theirs};
    }

    private static String outcome(List<CanonicalEvent> ranked, String status, String answeredAt,
                                  CanonicalCall.Voicemail voicemail, String aiHandled) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        boolean ended = ranked.stream().anyMatch(e -> rank(e.call().stage()) >= 4)
                || s.equals("completed") || s.equals("no-answer") || s.equals("missed") || s.equals("busy")
                || s.equals("failed") || s.equals("canceled") || s.equals("forwarded") || s.equals("abandoned");
        if (!ended) {
            return "in-progress";
        }
        if (voicemail != null) {
            return "voicemail";
        }
        if (s.equals("forwarded")) {
            return "forwarded";
        }
        boolean missedStage = ranked.stream().anyMatch(e -> "missed".equals(e.call().stage()));
        if (s.equals("no-answer") || s.equals("missed") || s.equals("busy") || s.equals("failed")
                || s.equals("canceled") || s.equals("abandoned") || missedStage
                || (s.equals("completed") && answeredAt == null && aiHandled == null)) {
            return "missed";
        }
        if (aiHandled != null) {
            return "ai-handled";
        }
        return "answered";
    }

    private static List<CallActivity.Recording> recordings(List<CanonicalEvent> ranked) {
        Map<String, CallActivity.Recording> byUrl = new LinkedHashMap<>();
        for (CanonicalEvent e : ranked) {
            for (CanonicalCall.Recording r : e.call().recordings() == null ? List.<CanonicalCall.Recording>of()
                    : e.call().recordings()) {
                if (r.url() != null && !byUrl.containsKey(r.url())) {
                    byUrl.put(r.url(), new CallActivity.Recording(r.url(), r.durationSeconds(), r.startTime()));
                }
            }
        }
        List<CallActivity.Recording> list = new ArrayList<>(byUrl.values());
        list.sort(Comparator.comparing((CallActivity.Recording r) -> Objects.toString(r.startTime(), ""))
                .thenComparing(CallActivity.Recording::url));
        return list;
    }

    private static List<CallActivity.Line> lines(List<CanonicalCall.TranscriptLine> dialogue, Directory directory,
                                                 String theirNumber) {
        List<CallActivity.Line> lines = new ArrayList<>();
        for (CanonicalCall.TranscriptLine line : dialogue) {
            lines.add(new CallActivity.Line(speaker(line, directory, theirNumber), line.content(), line.start()));
        }
        return lines;
    }

    private static String speaker(CanonicalCall.TranscriptLine line, Directory directory, String theirNumber) {
        if (line.userId() != null) {
            Directory.User user = directory.user(line.userId());
            if (user != null && user.name() != null) {
                return user.name();
            }
            return line.identifier() != null && !line.identifier().equals(theirNumber) ? line.identifier()
                    : "Quo user " + line.userId();
        }
        return line.identifier() != null ? line.identifier() : "Unknown speaker";
    }

    private static String lookup(List<CanonicalEvent> ranked) {
        String best = null;
        for (CanonicalEvent e : ranked) {
            String l = e.call().contactLookup();
            if ("matched".equals(l)) {
                return l;
            }
            best = best == null ? l : best;
        }
        return best;
    }

    private String localDate(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp).atZone(zone).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return timestamp.length() >= 10 ? timestamp.substring(0, 10) : null;
        }
    }
}
