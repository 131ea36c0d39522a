package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Odd input thrown at every endpoint that takes a body, a query or a path id: each answer is a 4xx problem+json
 * with a code, never a 5xx (the few inputs a careful client may send and get a success for are named).
 */
@QuarkusTest
class OddInputTest {

    /** JSON values that are wrong for every text field, in type or content. */
    private static final List<String> ODD_VALUES = List.of(
            Json.string("\u0000"),
            Json.string("bell\u0007"),
            Json.string("esc\u001b[2J"),
            Json.string("\ud800"),
            Json.string("x\udfff"),
            Json.string("x".repeat(10_000)),
            "5",
            "-1",
            "1.5",
            "1e999999",
            "123456789012345678901234567890",
            "true",
            "false",
            "null",
            "[]",
            "[1]",
            "{}",
            "{\"$ne\": null}",
            "\"\"");

    /** Whole bodies that are not the JSON object asked for. */
    private static final List<String> ODD_BODIES = List.of(
            "",
            " ",
            "null",
            "[]",
            "[{}]",
            "42",
            "\"text\"",
            "true",
            "{",
            "}",
            "{\"a\":}",
            "{'email': 'x'}",
            "{\"email\" \"x\"}",
            "[".repeat(5_000) + "]".repeat(5_000),
            "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            " ".repeat(60_000),
            "{\"a\": 1}".repeat(2));

    /** One endpoint that reads a body, with a body it would refuse for one field only. */
    private record Endpoint(
            String method, String path, String token, Map<String, String> fields, Set<Integer> alsoAcceptable) {

        Response send(RequestSpecification request) {
            if (token != null) {
                request = request.auth().oauth2(token);
            }
            return request.request(method, path);
        }

        String body(String field, String value) {
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, valid) -> json.append(json.length() == 1 ? "" : ", ")
                    .append('"')
                    .append(name)
                    .append("\": ")
                    .append(name.equals(field) ? value : valid));
            return json.append('}').toString();
        }
    }

    private final List<String> violations = new ArrayList<>();
    private List<Endpoint> endpoints;
    private String admin;
    private String targetId;

    @BeforeEach
    void arrange() {
        Accounts.Account user = Accounts.register("odd-input");
        String access = user.login().access();
        admin = Accounts.admin("odd-input-admin").login().access();
        targetId = Accounts.register("odd-input-target").id();
        endpoints = List.of(
                new Endpoint(
                        "POST",
                        "/auth/register",
                        null,
                        fields(
                                "email",
                                Json.string(Accounts.uniqueEmail("odd")),
                                "password",
                                Json.string(Accounts.PASSWORD),
                                "displayName",
                                Json.string("Odd")),
                        Set.of()),
                new Endpoint(
                        "POST",
                        "/auth/login",
                        null,
                        fields(
                                "email",
                                Json.string(Accounts.uniqueEmail("odd")),
                                "password",
                                Json.string(Accounts.PASSWORD)),
                        Set.of()),
                new Endpoint("POST", "/auth/refresh", null, fields("refresh_token", Json.string("unknown")), Set.of()),
                // logout is idempotent: an unknown or missing token is a 204
                new Endpoint(
                        "POST", "/auth/logout", null, fields("refresh_token", Json.string("unknown")), Set.of(204)),
                new Endpoint(
                        "PUT",
                        "/users/me/password",
                        access,
                        fields("currentPassword", Json.string(user.password()), "newPassword", Json.string("x")),
                        Set.of()),
                new Endpoint(
                        "POST",
                        "/auth/password-reset",
                        null,
                        fields("email", Json.string(Accounts.uniqueEmail("odd"))),
                        Set.of()),
                new Endpoint(
                        "POST",
                        "/auth/password-reset/confirm",
                        null,
                        fields("token", Json.string("unknown"), "newPassword", Json.string(Accounts.PASSWORD)),
                        Set.of()),
                new Endpoint("POST", "/auth/verify-email", null, fields("token", Json.string("unknown")), Set.of()),
                new Endpoint(
                        "PUT",
                        "/users/me/email",
                        access,
                        fields(
                                "newEmail",
                                Json.string(Accounts.uniqueEmail("odd")),
                                "currentPassword",
                                Json.string("wrong")),
                        Set.of()),
                new Endpoint(
                        "PUT", "/admin/users/" + targetId + "/roles", admin, fields("roles", "[\"user\"]"), Set.of()),
                new Endpoint("PUT", "/admin/users/" + targetId + "/status", admin, fields("enabled", "true"), Set.of()),
                new Endpoint(
                        "POST",
                        "/admin/clients",
                        admin,
                        fields("name", Json.string("odd-client"), "roles", "[\"user\"]"),
                        Set.of()),
                new Endpoint("POST", "/users/me/mfa/totp/confirm", access, fields("code", Json.string("1")), Set.of()),
                new Endpoint(
                        "DELETE",
                        "/users/me/mfa",
                        access,
                        fields("currentPassword", Json.string(user.password()), "code", Json.string("1")),
                        Set.of()),
                new Endpoint(
                        "POST",
                        "/auth/login/mfa",
                        null,
                        fields("mfa_token", Json.string("unknown"), "code", Json.string("123456")),
                        Set.of()));
    }

    @Test
    void oddValuesInEveryFieldAreRefusedWithAProblem() {
        for (Endpoint e : endpoints) {
            for (String field : e.fields().keySet()) {
                for (String value : ODD_VALUES) {
                    if (isValidFor(field, value)) {
                        continue;
                    }
                    check(e, field + "=" + shorten(value), e.send(json(e.body(field, value))));
                    if (field.equals("roles")) {
                        String list = "[\"user\", " + value + "]";
                        check(e, "roles[1]=" + shorten(value), e.send(json(e.body(field, list))));
                    }
                }
            }
        }
        noViolations();
    }

    @Test
    void oddBodiesAreRefusedWithAProblem() {
        for (Endpoint e : endpoints) {
            for (String body : ODD_BODIES) {
                check(e, "body " + shorten(body), e.send(json(body)));
            }
            String first = e.fields().keySet().iterator().next();
            String duplicated = "{\"" + first + "\": " + e.fields().get(first) + ", "
                    + e.body("", "").substring(1);
            check(e, "duplicate " + first, e.send(json(duplicated)));
        }
        noViolations();
    }

    @Test
    void bodiesThatAreNotUtf8JsonAreRefusedWithAProblem() {
        List<byte[]> bytes = List.of(
                new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', 'a', 1, 'b', '"', '}'}, // raw control
                new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
                new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                new byte[] {
                    '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
                },
                new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0},
                "{\"email\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_16LE));
        for (Endpoint e : endpoints) {
            for (byte[] body : bytes) {
                check(
                        e,
                        "bytes " + shorten(new String(body, StandardCharsets.ISO_8859_1)),
                        e.send(given().contentType(ContentType.JSON).body(body)));
            }
        }
        noViolations();
    }

    @Test
    void wrongContentTypesAreRefusedWithAProblem() {
        for (Endpoint e : endpoints) {
            // a number in the first field: refused whether or not the server takes the type for JSON
            String body = e.body(e.fields().keySet().iterator().next(), "5");
            for (String type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/octet-stream",
                    "application/json; charset=utf-16",
                    "*/*",
                    "application")) {
                RequestSpecification request = given().config(RestAssured.config()
                                .encoderConfig(EncoderConfig.encoderConfig()
                                        .encodeContentTypeAs(type.split(";")[0], ContentType.TEXT)
                                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                        .contentType(type)
                        .body(body);
                check(e, "content type " + type, e.send(request));
            }
            check(e, "no content type", e.send(given().body("{}".getBytes(StandardCharsets.UTF_8))));
            check(
                    e,
                    "unknown charset",
                    e.send(given().body(body.getBytes(StandardCharsets.UTF_8))
                            .header("Content-Type", "application/json; charset=no-such-charset")));
        }
        noViolations();
    }

    @Test
    void oddQueriesAndPathIdsAreRefusedWithAProblem() {
        Function<RequestSpecification, RequestSpecification> asAdmin =
                r -> r.auth().oauth2(admin);
        Map<String, String> queries = new LinkedHashMap<>();
        for (String page : List.of("-1", "abc", "1e3", "99999999999999999999", "%00", "0x10", "1.0", "%20", "+1")) {
            queries.put("page=" + page, "page=" + page);
        }
        for (String size : List.of("0", "101", "-5", "abc", "%00", "18446744073709551616")) {
            queries.put("size=" + size, "size=" + size);
        }
        for (String q : List.of("%00", "a%07b", "%1B%5B2J", "x".repeat(300))) {
            queries.put("q=" + shorten(q), "q=" + q);
        }
        queries.forEach((name, query) -> check(
                null,
                "GET /admin/users?" + name,
                asAdmin.apply(given().urlEncodingEnabled(false)).get("/admin/users?" + query)));
        // a q that decodes to harmless text (invalid UTF-8 becomes U+FFFD) is a search like any other
        for (String q : List.of("%FF", "%C3%28", "%ED%A0%80", "%C0%80")) {
            int status = asAdmin.apply(given().urlEncodingEnabled(false))
                    .get("/admin/users?q=" + q)
                    .statusCode();
            if (status != 200) {
                violations.add("GET /admin/users?q=" + q + " -> " + status);
            }
        }
        String resourceServer = Accounts.resourceServer("odd-input-events").token();
        for (String query : List.of(
                "after=%00",
                "after=-1",
                "after=1e3",
                "after=99999999999999999999",
                "after=%20",
                "after=0&wait=%00",
                "after=0&wait=31",
                "after=0&wait=-1",
                "after=0&wait=0x1")) {
            check(
                    null,
                    "GET /revocations?" + query,
                    given().urlEncodingEnabled(false)
                            .auth()
                            .oauth2(resourceServer)
                            .get("/revocations?" + query));
        }
        for (String lastEventId : List.of("-1", "abc", "1.0", "99999999999999999999", "\u00e9")) {
            check(
                    null,
                    "GET /revocations/stream Last-Event-ID: " + lastEventId,
                    given().auth()
                            .oauth2(resourceServer)
                            .header("Last-Event-ID", lastEventId)
                            .get("/revocations/stream"));
        }
        for (String id : List.of(
                "not-a-uuid",
                "1",
                "%00",
                "00000000-0000-0000-0000-00000000000g",
                "0".repeat(100),
                "..%2F..%2Fq%2Fhealth",
                "%E2%80%AE",
                UUID.randomUUID() + "%00")) {
            check(
                    null,
                    "GET /admin/users/" + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).get("/admin/users/" + id));
            check(
                    null,
                    "POST revoke-tokens " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).post("/admin/users/" + id + "/revoke-tokens"));
            check(
                    null,
                    "PUT status " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false))
                            .contentType(ContentType.JSON)
                            .body("{\"enabled\": false}")
                            .put("/admin/users/" + id + "/status"));
            check(
                    null,
                    "POST client secret " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).post("/admin/clients/" + id + "/secret"));
            check(
                    null,
                    "DELETE client " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).delete("/admin/clients/" + id));
            check(
                    null,
                    "DELETE user mfa " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).delete("/admin/users/" + id + "/mfa"));
            check(
                    null,
                    "DELETE session " + id,
                    asAdmin.apply(given().urlEncodingEnabled(false)).delete("/users/me/sessions/" + id));
        }
        noViolations();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Records a violation unless the answer is a 4xx problem with a code (or a success the endpoint allows). */
    private void check(Endpoint e, String what, Response r) {
        String where = (e == null ? "" : e.method() + " " + e.path() + " ") + what;
        int status = r.statusCode();
        if (e != null && e.alsoAcceptable().contains(status)) {
            return;
        }
        if (status < 400 || status >= 500) {
            violations.add(where + " -> " + status + " " + shorten(r.asString()));
            return;
        }
        String type = r.contentType();
        boolean problem;
        try {
            problem = type != null
                    && type.startsWith(Problem.MEDIA_TYPE)
                    && r.jsonPath().getString("code") != null
                    && Integer.valueOf(status).equals(r.jsonPath().get("status"));
        } catch (RuntimeException notJson) {
            problem = false;
        }
        if (!problem) {
            violations.add(where + " -> " + status + " not a problem: " + type + " " + shorten(r.asString()));
        }
    }

    private void noViolations() {
        assertEquals(List.of(), violations, "every odd input is a 4xx problem");
    }

    /** The few odd values that are a valid value of a field: a boolean's own values, an absent display name. */
    private static boolean isValidFor(String field, String value) {
        return field.equals("enabled") && (value.equals("true") || value.equals("false"))
                || field.equals("displayName") && (value.equals("null") || value.equals("\"\""));
    }

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "...(" + text.length() + ")" : printable;
    }
}
