package io.quocrmbridge.observe;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/** {@code %maskedMsg}: the log message with secrets, and by default phone numbers and e-mail addresses, masked. */
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
        toAppendTo.append(LogMasking.mask(event.getMessage().getFormattedMessage()));
    }
}
