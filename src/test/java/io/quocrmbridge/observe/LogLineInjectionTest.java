package io.quocrmbridge.observe;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Arrays;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Log injection: what the %maskedMsg and %maskedEx converters write for values with line breaks in them. */
class LogLineInjectionTest {

    private static final String NL = System.lineSeparator();

    @BeforeEach
    @AfterEach
    void resetStaticState() {
        LogMasking.clearSecrets();
        LogMasking.setMaskPii(true);
        MDC.clear();
    }

    private static LogEvent event(String pattern, Throwable thrown, Object... args) {
        return Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage(pattern, args)).setThrown(thrown).build();
    }

    private static String message(LogEvent event) {
        StringBuilder out = new StringBuilder();
        MaskedMessageConverter.newInstance(null).format(event, out);
        return out.toString();
    }

    private static String exception(LogEvent event) {
        StringBuilder out = new StringBuilder();
        MaskedThrowableConverter.newInstance(null).format(event, out);
        return out.toString();
    }

    @Test
    void aMessageArgumentWithCrLfIsWrittenOnOneLine() {
        LogMasking.setMaskPii(false);
        LogEvent event = event("contact {} updated", null,
                "Jane\r\n2026-04-13 12:00:00.000 INFO  [main] Dispatcher - FAKE LINE");

        String written = message(event);

        assertThat(written, equalTo("contact Jane\\r\\n2026-04-13 12:00:00.000 INFO  [main] Dispatcher - FAKE LINE"
                + " updated"));
        assertThat(written, not(containsString("\n")));
        assertThat(written, not(containsString("\r")));
    }

    @Test
    void anInjectedNameIsMaskedWholeWhenPiiIsMasked() {
        String written = message(event("mapped {}", null, "{\"FirstName\":\"Jane\r\nFAKE LINE\",\"Id\":\"003\"}"));

        assertThat(written, equalTo("mapped {\"FirstName\":\"J***\",\"Id\":\"003\"}"));
    }

    @Test
    void anExceptionMessageWithCrLfStaysOnItsHeaderLineAndTheTraceKeepsItsLines() {
        LogMasking.setMaskPii(false);
        IllegalStateException cause = new IllegalStateException("refused\nCaused by: FAKE CAUSE");
        RuntimeException thrown = new RuntimeException("contact Jane\r\nFAKE LINE", cause);
        thrown.addSuppressed(new IllegalArgumentException("also\u001B[2Kbad"));

        String written = exception(event("write failed", thrown));

        assertThat(written, startsWith(NL));
        List<String> lines = Arrays.asList(written.substring(NL.length()).split(NL));
        assertThat(lines.get(0), equalTo("java.lang.RuntimeException: contact Jane\\r\\nFAKE LINE"));
        assertThat(lines.get(1), startsWith("\tat io.quocrmbridge.observe.LogLineInjectionTest."));
        assertThat(lines, org.hamcrest.Matchers.hasItem(
                "\tSuppressed: java.lang.IllegalArgumentException: also\\u001B[2Kbad"));
        assertThat(lines, org.hamcrest.Matchers.hasItem(
                "Caused by: java.lang.IllegalStateException: refused\\nCaused by: FAKE CAUSE"));
        assertThat(lines, everyItem(not(startsWith("FAKE"))));
        assertThat(lines, everyItem(not(startsWith("Caused by: FAKE"))));
        assertThat("no line break but the trace's own", written.replace(NL, "").chars()
                .noneMatch(c -> c == '\r' || c == '\n'), org.hamcrest.Matchers.is(true));
        assertThat("every line of the trace is the header, a frame, a cause, a suppressed exception or '... n more'",
                lines, everyItem(org.hamcrest.Matchers.matchesPattern(
                        "(java\\.lang\\.RuntimeException: .*|\\t+at .*|\\t*\\.\\.\\. \\d+ more|Caused by: .*"
                                + "|\\tSuppressed: .*)")));
    }

    @Test
    void anExceptionMessageIsMaskedLikeAMessage() {
        LogMasking.registerSecret("qk_live_8f2a9c1e7b");
        RuntimeException thrown = new RuntimeException("400 {\"LastName\":\"Doe\r\nX\",\"Email\":\"jane@acme.example\"}"
                + " key qk_live_8f2a9c1e7b", new IllegalStateException("name=Jane Doe"));

        String written = exception(event("write failed", thrown));

        assertThat(written, containsString("java.lang.RuntimeException: 400 {\"LastName\":\"D***\","
                + "\"Email\":\"j***@acme.example\"} key ***" + NL));
        assertThat(written, containsString("Caused by: java.lang.IllegalStateException: name=J***" + NL));
        assertThat(written, not(containsString("Doe")));
    }

    @Test
    void anEventWithoutAnExceptionWritesNoTrace() {
        assertThat(exception(event("fine", null)), equalTo(""));
    }

    @Test
    void theEventIdFromAWebhookBodyIsEscapedBeforeItGoesToEveryLine() {
        EventLog.enter("EV1\r\n2026-04-13 INFO FAKE");

        assertThat(MDC.get(EventLog.KEY), equalTo("EV1\\r\\n2026-04-13 INFO FAKE"));
        EventLog.enter("EVb3f0c2a1d4e54c6f8a9b0c1d2e3f4a5b");
        assertThat(MDC.get(EventLog.KEY), equalTo("EVb3f0c2a1d4e54c6f8a9b0c1d2e3f4a5b"));
        EventLog.leave();
    }

    @Test
    void camelsLogMaskEscapesAndMasksTracedBodies() {
        String traced = "Exchange[BodyType: io.quocrmbridge.canonical.CanonicalEvent, Body: CanonicalEvent["
                + "eventId=EV1, contact=CanonicalContact[quoId=CT1, firstName=Jane\r\nFAKE LINE, lastName=Doe]]]";

        assertThat(new CamelLogMask().format(traced), equalTo("Exchange[BodyType: io.quocrmbridge.canonical."
                + "CanonicalEvent, Body: CanonicalEvent[eventId=EV1, contact=CanonicalContact[quoId=CT1, "
                + "firstName=J***, lastName=D***]]]"));
    }
}
