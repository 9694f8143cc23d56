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
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        toAppendTo.append(System.lineSeparator()).append(LogMasking.mask(trace.toString()));
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
