package io.jwtauth.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Records everything the service logs (a handler on the root logger; {@code @QuarkusTest} runs the service in this
 * JVM) from {@link #start()} until {@link #close()}.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records of one logger category (a class's name; as text for a class another package cannot name). */
    public List<LogRecord> of(String category) {
        return records.stream().filter(r -> category.equals(r.getLoggerName())).toList();
    }

    public List<LogRecord> of(Class<?> category) {
        return of(category.getName());
    }

    /** Records that carry an exception: a stack trace in the log. */
    public List<String> withStackTraces() {
        return records.stream()
                .filter(r -> r.getThrown() != null)
                .map(LogCapture::line)
                .toList();
    }

    public void clear() {
        records.clear();
    }

    /** Level, category and formatted message of a record. */
    public static String line(LogRecord r) {
        String message = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
        return r.getLevel() + " " + r.getLoggerName() + " " + message
                + (r.getThrown() == null ? "" : " with " + r.getThrown());
    }

    /** A value of the record's logging context (MDC), or null. */
    public static String mdc(LogRecord r, String key) {
        return r instanceof ExtLogRecord ext ? ext.getMdc(key) : null;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            ext.copyAll(); // the logging context is read from the logging thread, so take it now
        }
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
