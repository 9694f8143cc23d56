package io.quocrmbridge.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Collects what gets logged, for tests of what gets logged:
 * <ul>
 *   <li>{@code try (LogCapture log = LogCapture.of(Foo.class)) { ...; log.messages() }}: what one class logs, the
 *       formatted message as the code wrote it (unmasked);</li>
 *   <li>{@code try (LogCapture log = LogCapture.written()) { ...; log.messages() }}: every logger's lines (Camel's
 *       log EIP and tracer included) as the production layout writes them, {@code %maskedMsg%maskedEx}, without the
 *       date, level, thread and logger columns and without the line's final line separator.</li>
 * </ul>
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** The masked part of the production pattern (src/main/resources/log4j2.xml). */
    public static final String WRITTEN_PATTERN = "%X{eventId} - %maskedMsg%maskedEx";

    private final Logger logger;
    private final LoggerContext rootContext;
    private final PatternLayout layout;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(String name, Logger logger, LoggerContext rootContext, PatternLayout layout) {
        super(name, null, layout, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        this.rootContext = rootContext;
        this.layout = layout;
    }

    public static LogCapture of(Class<?> type) {
        Logger logger = (Logger) LogManager.getLogger(type);
        LogCapture capture = new LogCapture("capture-" + logger.getName(), logger, null, null);
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    /** Every line written from now on, by any logger, as the production layout writes it (masked, escaped). */
    public static LogCapture written() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(configuration)
                .withPattern(WRITTEN_PATTERN).withAlwaysWriteExceptions(false).build();
        LogCapture capture = new LogCapture("capture-written-" + System.nanoTime(), null, context, layout);
        capture.start();
        configuration.addAppender(capture);
        configuration.getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        messages.add(layout == null ? event.getMessage().getFormattedMessage() : layout.toSerializable(event));
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        if (logger != null) {
            logger.removeAppender(this);
        } else {
            Configuration configuration = rootContext.getConfiguration();
            configuration.getRootLogger().removeAppender(getName());
            if (configuration instanceof AbstractConfiguration abstractConfiguration) {
                abstractConfiguration.removeAppender(getName());
            }
            rootContext.updateLoggers();
        }
        stop();
    }
}
