package io.quocrmbridge.observe;

import org.apache.camel.spi.MaskingFormatter;

/**
 * Camel's log mask (bound as {@code CamelCustomLogMask}, on with {@code camel.main.log-mask=true}): applies
 * {@link LogMasking} to every log EIP line and every tracer line, message bodies and headers included.
 */
public final class CamelLogMask implements MaskingFormatter {

    @Override
    public String format(String source) {
        return LogMasking.mask(source);
    }
}
