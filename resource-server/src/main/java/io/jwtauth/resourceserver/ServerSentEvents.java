package io.jwtauth.resourceserver;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML Living Standard's "event stream interpretation" says:
 * {@code field: value} lines build an event, a blank line dispatches it (when it has data), a line starting with a
 * colon is a comment (the auth service's heartbeat), and the last {@code id:} seen is the event's id. Lines arrive
 * already split (CR, LF or CRLF).
 */
final class ServerSentEvents {

    /** Receives what the stream carries. */
    interface Listener {
        /** A dispatched event: its id (the last one set, possibly from an earlier event), type and data. */
        void onEvent(String id, String type, String data);

        /** A comment line (without the colon): the stream is alive. */
        void onComment(String comment);
    }

    private final Listener listener;
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId;
    private boolean first = true;

    ServerSentEvents(Listener listener, String lastEventId) {
        this.listener = listener;
        this.lastEventId = lastEventId;
    }

    /** Takes one line of the stream, without its line terminator. */
    void line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            listener.onComment(line.substring(1));
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            default -> {
                // "retry" and unknown fields are ignored: the feed's own backoff decides when to reconnect
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        data.setLength(0);
        eventType = "";
        listener.onEvent(lastEventId, type, payload);
    }

    /** The last event id the stream set: what to send as {@code Last-Event-ID} when reconnecting. */
    String lastEventId() {
        return lastEventId;
    }
}
