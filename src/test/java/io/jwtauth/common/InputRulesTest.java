package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.text.Normalizer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * API.md "Input rules made explicit": text never carries control characters (400 naming the field), JSON types are
 * strict and keys unique, and an email has one normalised form for lookup, uniqueness and storage.
 */
@QuarkusTest
class InputRulesTest {

    /** NUL, other C0 controls (tab and newline inside the text too), and unpaired surrogates. */
    private static final List<String> NOT_PLAIN =
            List.of("\u0000", "\u0001", "\u001b[31m", "\t", "\n", "\r", "\ud800", "\udc00", "\udc00\ud800");

    @Test
    void controlCharactersInAnyTextFieldAre400NamingTheField() {
        Accounts.Account user = Accounts.register("plain-text");
        String access = user.login().access();
        String admin = Accounts.admin("plain-text-admin").login().access();
        String target = Accounts.register("plain-text-target").id();
        for (String bad : NOT_PLAIN) {
            String email = "a" + bad + "b-" + UUID.randomUUID() + "@example.com";
            String password = "a long" + bad + "enough password";
            refused(
                    json(body("email", Json.string(email), "password", Json.string(Accounts.PASSWORD)))
                            .post("/auth/register"),
                    "email");
            refused(
                    json(body("email", Json.string(Accounts.uniqueEmail("plain")), "password", Json.string(password)))
                            .post("/auth/register"),
                    "password");
            refused(
                    json(body(
                                    "email",
                                    Json.string(Accounts.uniqueEmail("plain")),
                                    "password",
                                    Json.string(Accounts.PASSWORD),
                                    "displayName",
                                    Json.string("Ada" + bad + "Lovelace")))
                            .post("/auth/register"),
                    "displayName");
            // the account exists: a NUL was a 500, a control character a fresh throttle key for the same account
            refused(
                    json(body(
                                    "email",
                                    Json.string(user.email().replace("@", bad + "@")),
                                    "password",
                                    Json.string(user.password())))
                            .post("/auth/login"),
                    "email");
            refused(
                    json(body("email", Json.string(user.email()), "password", Json.string(password)))
                            .post("/auth/login"),
                    "password");
            refused(json(body("refresh_token", Json.string("token" + bad))).post("/auth/refresh"), "refresh_token");
            refused(json(body("refresh_token", Json.string("token" + bad))).post("/auth/logout"), "refresh_token");
            refused(
                    json(body("currentPassword", Json.string(password), "newPassword", Json.string(Accounts.PASSWORD)))
                            .auth()
                            .oauth2(access)
                            .put("/users/me/password"),
                    "currentPassword");
            refused(
                    json(body("currentPassword", Json.string(user.password()), "newPassword", Json.string(password)))
                            .auth()
                            .oauth2(access)
                            .put("/users/me/password"),
                    "newPassword");
            refused(
                    json("{\"roles\": [\"user\", " + Json.string("admin" + bad) + "]}")
                            .auth()
                            .oauth2(admin)
                            .put("/admin/users/" + target + "/roles"),
                    "roles[1]");
            // a URL carries UTF-8, which cannot encode a lone surrogate
            if (bad.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                refused(
                        given().auth()
                                .oauth2(admin)
                                .queryParam("q", "example" + bad)
                                .get("/admin/users"),
                        "q");
            }
        }
        // a NUL at the end is not trimmed away as whitespace is: refused, not looked up
        refused(
                json(body("email", Json.string(user.email() + "\u0000"), "password", Json.string(user.password())))
                        .post("/auth/login"),
                "email");
        // nothing was changed by any of them
        Accounts.login(user.email(), user.password());
        given().auth()
                .oauth2(admin)
                .get("/admin/users/" + target)
                .then()
                .statusCode(200)
                .body("roles", equalTo(List.of("user")));
    }

    @Test
    void surroundingWhitespaceOfAnEmailIsTrimmedNotRefused() {
        Accounts.Account user = Accounts.register("plain-trim");
        json(body("email", Json.string(" \t" + user.email() + "\n "), "password", Json.string(user.password())))
                .post("/auth/login")
                .then()
                .statusCode(200);
    }

    @Test
    void aBooleanIsOnlyTrueOrFalse() {
        String admin = Accounts.admin("strict-bool").login().access();
        Accounts.Account target = Accounts.register("strict-bool-target");
        for (String enabled :
                List.of("0", "1", "\"false\"", "\"true\"", "\"\"", "0.0", "null", "[false]", "{\"value\": false}")) {
            Response r = json("{\"enabled\": " + enabled + "}")
                    .auth()
                    .oauth2(admin)
                    .put("/admin/users/" + target.id() + "/status");
            r.then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        }
        // none of them disabled the account
        target.login();
        json("{\"enabled\": false}")
                .auth()
                .oauth2(admin)
                .put("/admin/users/" + target.id() + "/status")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void aStringIsNeverReadFromANumberBooleanArrayOrObject() {
        Accounts.Account user = Accounts.register("strict-string");
        for (String value : List.of("5", "1.5", "true", "[\"x\"]", "{}")) {
            malformedOrInvalid(
                    json("{\"email\": " + value + ", \"password\": \"x\"}").post("/auth/login"));
            malformedOrInvalid(json("{\"refresh_token\": " + value + "}").post("/auth/refresh"));
            malformedOrInvalid(json("{\"refresh_token\": " + value + "}").post("/auth/logout"));
            malformedOrInvalid(json("{\"email\": \"" + Accounts.uniqueEmail("strict") + "\", \"password\": \""
                            + Accounts.PASSWORD + "\", \"displayName\": " + value + "}")
                    .post("/auth/register"));
        }
        // a single role where the array belongs is not taken as a one-element array
        String admin = Accounts.admin("strict-array").login().access();
        malformedOrInvalid(
                json("{\"roles\": \"admin\"}").auth().oauth2(admin).put("/admin/users/" + user.id() + "/roles"));
    }

    @Test
    void aDuplicateKeyIs400MalformedRequestOnEveryEndpoint() {
        Accounts.Account user = Accounts.register("dup-keys");
        String refresh = user.login().refresh();
        String access = user.login().access();
        String admin = Accounts.admin("dup-keys-admin").login().access();
        Accounts.Account target = Accounts.register("dup-keys-target");
        malformed(json("{\"email\": \"" + user.email() + "\", \"email\": \"someone@example.com\", \"password\": \""
                        + user.password() + "\"}")
                .post("/auth/login"));
        malformed(json("{\"email\": \"" + Accounts.uniqueEmail("dup") + "\", \"password\": \"" + Accounts.PASSWORD
                        + "\", \"password\": \"another long password\"}")
                .post("/auth/register"));
        // refresh and logout parse their optional body by hand: the same mapper, the same rules
        malformed(json("{\"refresh_token\": \"" + refresh + "\", \"refresh_token\": \"x\"}")
                .post("/auth/refresh"));
        malformed(json("{\"refresh_token\": \"x\", \"refresh_token\": \"" + refresh + "\"}")
                .post("/auth/logout"));
        malformed(json("{\"currentPassword\": \"" + user.password() + "\", \"newPassword\": \"a new long password 1\","
                        + " \"newPassword\": \"a new long password 2\"}")
                .auth()
                .oauth2(access)
                .put("/users/me/password"));
        malformed(json("{\"roles\": [\"user\"], \"roles\": [\"user\", \"admin\"]}")
                .auth()
                .oauth2(admin)
                .put("/admin/users/" + target.id() + "/roles"));
        malformed(json("{\"enabled\": true, \"enabled\": false}")
                .auth()
                .oauth2(admin)
                .put("/admin/users/" + target.id() + "/status"));
        // nothing happened: the refresh token was neither rotated nor revoked, the target is a plain enabled user
        Accounts.refresh(refresh).then().statusCode(200);
        given().auth()
                .oauth2(admin)
                .get("/admin/users/" + target.id())
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("roles", equalTo(List.of("user")));
    }

    @Test
    void anythingAfterTheJsonValueIs400() {
        malformed(json("{\"email\": \"a@example.com\", \"password\": \"x\"} {\"email\": \"b@example.com\"}")
                .post("/auth/login"));
        malformed(json("{\"refresh_token\": \"x\"} garbage").post("/auth/refresh"));
    }

    @Test
    void anEmailHasOneFormWhateverItsCaseCompositionOrSurroundingSpace() {
        String tag = UUID.randomUUID().toString();
        String composed = "\u00e9mile-" + tag + "@example.com"; // é as one code point
        String decomposedUpper = " E\u0301MILE-" + tag.toUpperCase() + "@EXAMPLE.COM ";
        String password = "a password for emile 42";
        json(body("email", Json.string(decomposedUpper), "password", Json.string(password)))
                .post("/auth/register")
                .then()
                .statusCode(201)
                .body("email", equalTo(composed));
        // every spelling is the same account: taken for registration, found for login
        for (String spelling : List.of(
                composed,
                decomposedUpper,
                Normalizer.normalize(composed, Normalizer.Form.NFD),
                composed.toUpperCase())) {
            json(body("email", Json.string(spelling), "password", Json.string(Accounts.PASSWORD)))
                    .post("/auth/register")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("email_taken"));
            json(body("email", Json.string(spelling), "password", Json.string(password)))
                    .post("/auth/login")
                    .then()
                    .statusCode(200);
        }
        // the admin filter normalises its text the same way
        String admin = Accounts.admin("normalise-admin").login().access();
        given().auth()
                .oauth2(admin)
                .queryParam("q", "E\u0301MILE-" + tag.toUpperCase())
                .get("/admin/users")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.email", hasItem(composed));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    /** A JSON object from name / JSON-value pairs. */
    private static String body(String... namesAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(namesAndValues[i])
                    .append("\": ")
                    .append(namesAndValues[i + 1]);
        }
        return json.append('}').toString();
    }

    /** 400 validation_failed, the field named with the plain-text rule's message. */
    private static void refused(Response r, String field) {
        r.then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("validation_failed"))
                .body("errors.findAll { it.field == '" + field + "' }.message", hasItem(PlainText.MESSAGE));
    }

    private static void malformed(Response r) {
        r.then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("malformed_request"));
    }

    private static void malformedOrInvalid(Response r) {
        r.then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", anyOf(equalTo("malformed_request"), equalTo("validation_failed")));
    }
}
