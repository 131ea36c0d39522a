package io.jwtauth.events;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test helper: GET /revocations/stream read as an EventSource reads it (text/event-stream: {@code id:}, {@code data:},
 * comment lines, a blank line ends a message), on its own thread, message by message.
 */
final class EventStream implements AutoCloseable {

    /** One message: an event (id and data), or only an id and comments, or only comments. */
    record Message(String id, String data, List<String> comments) {

        boolean isEvent() {
            return data != null;
        }

        boolean isCaughtUp() {
            return data == null && id != null && comments.contains("live");
        }

        boolean isHeartbeat() {
            return data == null && id == null && comments.contains("heartbeat");
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Object END = new Object();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "test-event-stream");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens the stream (waits for the response head); {@code lastEventId} may be null. */
    static EventStream open(String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/revocations/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The whole body of an answer that is not a stream (a problem). */
    String body() {
        try (Stream<String> lines = response.body()) {
            return lines.collect(Collectors.joining("\n"));
        }
    }

    /** The next message, or null if none came within {@code timeout}; fails if the stream ended. */
    Message next(Duration timeout) throws InterruptedException {
        Object next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == END) {
            received.add(END);
            throw new AssertionError("the stream ended");
        }
        return (Message) next;
    }

    /** The next message that is an event, skipping heartbeats; null if none came within {@code timeout}. */
    Message nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (m == null || m.isEvent()) {
                return m;
            }
        }
    }

    /** The messages up to and including the first {@link Message#isCaughtUp}. */
    List<Message> untilCaughtUp(Duration timeout) throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (m == null) {
                throw new AssertionError("not caught up within " + timeout + ": " + messages);
            }
            messages.add(m);
            if (m.isCaughtUp()) {
                return messages;
            }
        }
    }

    /** Whether the server ended the stream within {@code timeout} (messages before the end are skipped). */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object next = received.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (next == END) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        response.body().close();
    }

    private void read() {
        String id = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (id != null || data != null || !comments.isEmpty()) {
                        received.add(new Message(id, data == null ? null : data.toString(), comments));
                    }
                    id = null;
                    data = null;
                    comments = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
        } catch (RuntimeException e) {
            // closed by the test
        } finally {
            received.add(END);
        }
    }
}
