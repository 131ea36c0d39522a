package io.jwtauth.resourceserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event stream interpretation as the HTML Living Standard gives it. */
class ServerSentEventsTest {

    private final List<String> seen = new ArrayList<>();
    private final ServerSentEvents events = new ServerSentEvents(
            new ServerSentEvents.Listener() {
                @Override
                public void onEvent(String id, String type, String data) {
                    seen.add(id + "|" + type + "|" + data);
                }

                @Override
                public void onComment(String comment) {
                    seen.add("comment" + comment);
                }
            },
            "7");

    @Test
    void aBlankLineDispatchesTheFieldsBeforeIt() {
        lines("id: 8", "event: revocation", "data: {\"a\":1}", "");
        assertEquals(List.of("8|revocation|{\"a\":1}"), seen);
        assertEquals("8", events.lastEventId());
    }

    @Test
    void dataLinesAreJoinedWithNewlinesAndOnlyOneLeadingSpaceIsDropped() {
        lines("data:first", "data:  second", "data", "");
        assertEquals(List.of("7|message|first\n second\n"), seen);
    }

    @Test
    void commentsAreHeartbeatsAndDispatchNothing() {
        lines(": heartbeat", "", ":");
        assertEquals(List.of("comment heartbeat", "comment"), seen);
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButItsIdIsKept() {
        lines("id: 9", "event: ignored", "", "data: x", "");
        assertEquals(List.of("9|message|x"), seen);
    }

    @Test
    void theIdCarriesOverToLaterEventsAndAnIdWithNulIsIgnored() {
        lines("id: 10", "data: a", "", "data: b", "", "id: 1\u00002", "data: c", "");
        assertEquals(List.of("10|message|a", "10|message|b", "10|message|c"), seen);
    }

    @Test
    void anUnfinishedEventIsNotDispatchedAndUnknownFieldsAreIgnored() {
        lines("\uFEFFdata: first", "retry: 10", "colour: red", "", "data: unfinished");
        assertEquals(List.of("7|message|first"), seen);
    }

    private void lines(String... lines) {
        for (String line : lines) {
            events.line(line);
        }
    }
}
