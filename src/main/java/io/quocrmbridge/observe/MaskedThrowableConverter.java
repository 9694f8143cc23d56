package io.quocrmbridge.observe;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %maskedEx}: a logged exception's stack trace, masked like messages (exception messages often quote the
 * data that was refused). Use with {@code alwaysWriteExceptions="false"} so nothing prints an unmasked copy.
 *
 * <p>The trace keeps its own lines (the exception's header, one line per frame, {@code Caused by:} and
 * {@code Suppressed:} sections, each ending with the platform line separator), but everything written on a line is
 * escaped like a message ({@link LogMasking#escapeControl}): an exception message with CR or LF in it stays on its
 * header line as {@code \r}, {@code \n}, so it can't fake a log line or a frame. The whole trace is then masked.
 */
@Plugin(name = "MaskedThrowableConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedEx"})
public final class MaskedThrowableConverter extends LogEventPatternConverter {

    private MaskedThrowableConverter() {
        super("maskedEx", "throwable");
    }

    public static MaskedThrowableConverter newInstance(String[] options) {
        return new MaskedThrowableConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        Throwable thrown = event.getThrown();
        if (thrown == null) {
            return;
        }
        toAppendTo.append(System.lineSeparator()).append(stackTrace(thrown));
    }

    /** The escaped and masked stack trace of a throwable, each line ending with the platform line separator. */
    static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new EscapingPrintWriter(trace));
        return LogMasking.mask(trace.toString());
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }

    /**
     * A PrintWriter whose {@code println()} is the only way to end a line: whatever is printed or written is escaped
     * (CR, LF and the other control characters of a message become visible escapes), and {@code println()} writes the
     * line separator to the underlying writer directly.
     */
    private static final class EscapingPrintWriter extends PrintWriter {

        EscapingPrintWriter(StringWriter out) {
            super(out);
        }

        @Override
        public void write(int c) {
            write(String.valueOf((char) c), 0, 1);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            write(new String(buf, off, len), 0, len);
        }

        @Override
        public void write(String s, int off, int len) {
            String escaped = LogMasking.escapeControl(s.substring(off, off + len));
            super.write(escaped, 0, escaped.length());
        }

        @Override
        public void println() {
            synchronized (lock) {
                try {
                    out.write(System.lineSeparator());
                } catch (java.io.IOException e) {
                    setError();
                }
            }
        }
    }
}
