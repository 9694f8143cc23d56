package io.quocrmbridge.observe;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %maskedMsg}: the log message on one line, through {@link LogMasking#maskLine}: CR, LF and the other control
 * characters escaped ({@code \r}, {@code \n}, <code>&#92;u001B</code>...), secrets masked, and by default personal
 * data masked (e-mail addresses, phone numbers, names and free text).
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMsg"})
public final class MaskedMessageConverter extends LogEventPatternConverter {

    private MaskedMessageConverter() {
        super("maskedMsg", "message");
    }

    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        toAppendTo.append(LogMasking.maskLine(event.getMessage().getFormattedMessage()));
    }
}
