package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jwtauth.support.Accounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A client's mistake is a 4xx RFC 9457 problem, never a 5xx, and never leaks how the service is built. */
@QuarkusTest
class ProblemDetailsTest {

    /** What a leaked exception looks like: a qualified class name, a stack frame, or a parser's position. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\b(java|jakarta|javax|io|org|com)\\.[a-z]\\w*\\.[\\w.$]+)|Exception|\\bat [\\w.$]+\\("
                    + "|\"?(line|column)\"?\\s*:\\s*\\d|objectName|Jackson|Hibernate|RESTEasy|Vert\\.?x|SQL",
            Pattern.CASE_INSENSITIVE);

    @Test
    void malformedJsonIs400MalformedRequestWithoutInternals() {
        for (String path : List.of("/auth/login", "/auth/register", "/auth/refresh")) {
            for (String body : List.of(
                    "{\"email\": ",
                    "{email: 'a@example.com'}",
                    "not json at all",
                    "{\"a\":1,}",
                    "[1, 2",
                    "{\"email\": \"a@example.com\"")) {
                Response r = json(body).post(path);
                problem(r, 400).body("code", equalTo("malformed_request"));
                noInternals(r);
            }
        }
    }

    @Test
    void jsonOfTheWrongShapeIs400ProblemWithoutInternals() {
        for (String body : List.of(
                "{\"email\": [\"a@example.com\"], \"password\": \"correct horse battery staple\"}",
                "{\"email\": \"a@example.com\", \"password\": {}}",
                "{\"email\": {\"$ne\": null}, \"password\": {\"$ne\": null}}",
                "[{\"email\": \"a@example.com\", \"password\": \"correct horse battery staple\"}]",
                "\"a string\"",
                "42")) {
            for (String path : List.of("/auth/login", "/auth/register")) {
                Response r = json(body).post(path);
                problem(r, 400).body("code", anyOf(equalTo("malformed_request"), equalTo("validation_failed")));
                noInternals(r);
            }
        }
    }

    @Test
    void numberOrBooleanWhereAStringBelongsIs400NotCoerced() {
        // a coerced 5 would reach the login check as "5" and come back 401; a coerced password would register
        for (String value : List.of("5", "true", "1.5")) {
            problem(
                            json("{\"email\": " + value + ", \"password\": \"" + Accounts.PASSWORD + "\"}")
                                    .post("/auth/login"),
                            400)
                    .body("code", anyOf(equalTo("malformed_request"), equalTo("validation_failed")));
        }
        for (String value : List.of("123456789012345678", "123456789012345.678")) {
            String email = Accounts.uniqueEmail("problem-coerce");
            problem(
                            json("{\"email\": \"" + email + "\", \"password\": " + value + "}")
                                    .post("/auth/register"),
                            400)
                    .body("code", anyOf(equalTo("malformed_request"), equalTo("validation_failed")));
        }
    }

    @Test
    void emptyBodyIs400() {
        for (String path : List.of("/auth/login", "/auth/register")) {
            problem(json("").post(path), 400)
                    .body("code", anyOf(equalTo("malformed_request"), equalTo("validation_failed")));
            problem(given().post(path), anyOf(equalTo(400), equalTo(415)));
        }
    }

    @Test
    void bodyOver64KibIs413WhateverItsFraming() throws Exception {
        String oversized = loginBody("x".repeat(70 * 1024));
        json(oversized).post("/auth/login").then().statusCode(413);
        assertEquals(413, chunked(oversized).statusCode(), "a chunked body has no Content-Length to check up front");
        // just under the limit is read, and refused on its merits (wrong password), in either framing
        String under = loginBody("x".repeat(60 * 1024));
        json(under).post("/auth/login").then().statusCode(401);
        assertEquals(401, chunked(under).statusCode());
    }

    @Test
    void bodyOver64KibIsRefusedWithProblemJson() throws Exception {
        String oversized = loginBody("x".repeat(70 * 1024));
        problem(json(oversized).post("/auth/login"), 413);
        HttpResponse<String> chunked = chunked(oversized);
        assertEquals(413, chunked.statusCode());
        assertEquals(
                "application/problem+json",
                chunked.headers().firstValue("Content-Type").orElse("(none)"));
        assertEquals(413, JsonPath.from(chunked.body()).getInt("status"));
    }

    @Test
    void headersOver16KibAre431ProblemJson() {
        problem(given().header("X-Padding", "p".repeat(17 * 1024)).get("/.well-known/jwks.json"), 431)
                .body("code", equalTo("headers_too_large"));
        RequestSpecification many = given();
        for (int i = 0; i < 40; i++) {
            many = many.header("X-Padding-" + i, "p".repeat(500));
        }
        problem(many.get("/.well-known/jwks.json"), 431).body("code", equalTo("headers_too_large"));
        // an oversized bearer token below that limit still gets its own 401
        given().auth()
                .oauth2("e" + "A".repeat(12 * 1024))
                .get("/users/me")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("too large"));
        // beyond the HTTP codec's limit (64 KiB) the HTTP layer answers by itself: still a 431, without a body
        given().header("X-Padding", "p".repeat(70 * 1024))
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(431);
    }

    @Test
    void unknownPathIs404Problem() {
        for (String path : List.of("/no-such-thing", "/auth/no-such-thing", "/users/me/no/such/thing")) {
            problem(given().get(path), 404).body("code", equalTo("not_found"));
        }
        problem(json("{}").post("/no-such-thing"), 404).body("code", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405Problem() {
        problem(given().get("/auth/login"), 405);
        problem(given().delete("/auth/register"), 405);
        problem(json("{}").post("/.well-known/jwks.json"), 405);
    }

    @Test
    void nonJsonContentTypeIs415Or400NeverA5xx() {
        Accounts.Account account = Accounts.register("problem-ctype");
        String json = "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}";
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream")) {
            Response r = given().config(RestAssured.config()
                            .encoderConfig(EncoderConfig.encoderConfig()
                                    .encodeContentTypeAs(type.split(";")[0], ContentType.TEXT)))
                    .contentType(type)
                    .body(json)
                    .post("/auth/login");
            problem(r, anyOf(equalTo(415), equalTo(400)));
            noInternals(r);
        }
    }

    @Test
    void problemDetailsNeverEchoTheSubmittedSecrets() {
        String email = Accounts.uniqueEmail("problem-echo");
        String password = "do-not-echo-" + "secret".repeat(4);
        Response malformed = json("{\"email\": \"" + email + "\", \"password\": \"" + password + "\", ")
                .post("/auth/login");
        problem(malformed, 400).body(not(containsString("secretsecret"))).body(not(containsString(email)));
        Response wrong = json("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .post("/auth/login");
        problem(wrong, 401).body(not(containsString("secretsecret"))).body(not(containsString(email)));
        Response invalid = json("{\"email\": \"" + email + "\", \"password\": \"" + password.substring(0, 14) + "\"}")
                .post("/auth/register");
        problem(invalid, 400).body(not(containsString(password.substring(0, 14))));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    @TestHTTPResource("/auth/login")
    URI login;

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    /** A login body for an account that does not exist, so nothing is ever throttled or found. */
    private static String loginBody(String password) {
        return "{\"email\":\"" + Accounts.uniqueEmail("problem-nobody") + "\",\"password\":\"" + password + "\"}";
    }

    /** POSTs to /auth/login with chunked transfer encoding: no Content-Length announces the size. */
    private HttpResponse<String> chunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(login)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static ValidatableResponse problem(Response r, int status) {
        return problem(r, equalTo(status));
    }

    /** RFC 9457 problem+json with every member the contract names; status in the body equals the HTTP status. */
    private static ValidatableResponse problem(Response r, org.hamcrest.Matcher<Integer> status) {
        return r.then()
                .statusCode(status)
                .statusCode(lessThan(500))
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(r.statusCode()))
                .body("detail", notNullValue())
                .body("code", notNullValue());
    }

    private static void noInternals(Response r) {
        String body = r.asString();
        assertFalse(INTERNALS.matcher(body).find(), "the problem leaks internals: " + body);
        Map<String, Object> fields = r.jsonPath().getMap("$");
        assertFalse(
                fields.containsKey("stackTrace") || fields.containsKey("trace") || fields.containsKey("exception"),
                "no stack trace member: " + fields.keySet());
    }
}
