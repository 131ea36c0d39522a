package io.jwtauth.events;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test helper: GET /revocations as an API verifying our tokens calls it, and the events it answers. */
final class EventReads {

    private EventReads() {}

    /** One event as the API shows it ({@code sid}, {@code ver} null when absent). */
    record Ev(long id, String type, String sub, String sid, Integer ver, String at) {

        /** The same without id and time, for comparing what was written. */
        Ev shape() {
            return new Ev(0, type, sub, sid, ver, null);
        }

        static Ev of(Map<String, Object> json) {
            return new Ev(
                    Long.parseLong((String) json.get("id")),
                    (String) json.get("type"),
                    (String) json.get("sub"),
                    (String) json.get("sid"),
                    (Integer) json.get("ver"),
                    (String) json.get("at"));
        }
    }

    /** An answer: the events and the cursor after them. */
    record Page(List<Ev> events, long cursor) {

        /** The events about this subject. */
        List<Ev> about(String sub) {
            return events.stream().filter(e -> sub.equals(e.sub())).toList();
        }
    }

    static Ev expected(String type, String sub, String sid, Integer ver) {
        return new Ev(0, type, sub, sid, ver, null);
    }

    /** GET /revocations with these query parameters, whatever the answer. */
    static Response get(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).get("/revocations");
    }

    /** The first answer of a snapshot: at most a page of events. */
    static Page snapshot(String token) {
        return page(get(token, Map.of()));
    }

    /** The whole snapshot: its first answer, then the rest while answers are full pages, and the cursor after all. */
    static Page fullSnapshot(String token) {
        int pageSize = ConfigProvider.getConfig().getValue("auth.revocation-events.page-size", Integer.class);
        Page page = snapshot(token);
        List<Ev> events = new ArrayList<>(page.events());
        while (page.events().size() == pageSize) {
            page = after(token, page.cursor());
            events.addAll(page.events());
        }
        return new Page(events, page.cursor());
    }

    /** The cursor after everything written so far. */
    static long now(String token) {
        return fullSnapshot(token).cursor();
    }

    static Page after(String token, long cursor) {
        return after(token, cursor, 0);
    }

    static Page after(String token, long cursor, int waitSeconds) {
        return page(get(token, Map.of("after", cursor, "wait", waitSeconds)));
    }

    @SuppressWarnings("unchecked")
    static Page page(Response r) {
        r.then().statusCode(200);
        List<Map<String, Object>> events = r.path("events");
        return new Page(events.stream().map(Ev::of).toList(), Long.parseLong(r.path("cursor")));
    }
}
