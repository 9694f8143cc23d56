package io.quocrmbridge.observe;

import org.apache.camel.spi.MaskingFormatter;

/**
 * Camel's log mask (bound as {@code CamelCustomLogMask}, on with {@code camel.main.log-mask=true}): applies
 * {@link LogMasking#maskLine} to every log EIP line and every tracer line, message bodies and headers included, so a
 * body's line breaks are escaped before its fields are masked. The {@code %maskedMsg} converter applies it again to
 * the line as it is written (escaping and masking leave an escaped and masked line as it is).
 */
public final class CamelLogMask implements MaskingFormatter {

    @Override
    public String format(String source) {
        return LogMasking.maskLine(source);
    }
}
