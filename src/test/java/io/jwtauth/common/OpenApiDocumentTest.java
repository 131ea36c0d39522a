package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /q/openapi documents every endpoint of API.md: paths, bearer security, problem+json errors, examples. */
@QuarkusTest
class OpenApiDocumentTest {

    /** One row of API.md's endpoint table, with the error statuses it lists. */
    record Endpoint(String method, String path, boolean bearer, Set<Integer> errors) {

        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    static final List<Endpoint> API = List.of(
            new Endpoint("post", "/auth/register", false, Set.of(400, 403, 409, 429)),
            new Endpoint("post", "/auth/login", false, Set.of(401, 403, 429)),
            new Endpoint("post", "/auth/refresh", false, Set.of(401)),
            new Endpoint("post", "/auth/logout", false, Set.of()),
            new Endpoint("post", "/auth/logout-all", true, Set.of(401)),
            new Endpoint("get", "/users/me", true, Set.of(401)),
            new Endpoint("put", "/users/me/password", true, Set.of(400, 401, 403, 429)),
            new Endpoint("get", "/users/me/sessions", true, Set.of(401)),
            new Endpoint("delete", "/users/me/sessions/{id}", true, Set.of(404)),
            new Endpoint("get", "/admin/users", true, Set.of(403)),
            new Endpoint("get", "/admin/users/{id}", true, Set.of(404)),
            new Endpoint("put", "/admin/users/{id}/roles", true, Set.of(400, 404, 409)),
            new Endpoint("put", "/admin/users/{id}/status", true, Set.of(404, 409)),
            new Endpoint("post", "/admin/users/{id}/revoke-tokens", true, Set.of(404)),
            new Endpoint("post", "/auth/password-reset", false, Set.of(400, 429)),
            new Endpoint("post", "/auth/password-reset/confirm", false, Set.of(400)),
            new Endpoint("post", "/auth/verify-email", false, Set.of(400, 409)),
            new Endpoint("post", "/users/me/email/verification", true, Set.of(401, 429)),
            new Endpoint("put", "/users/me/email", true, Set.of(400, 401, 403, 409, 429)),
            new Endpoint("post", "/admin/users/{id}/password-reset", true, Set.of(404)),
            new Endpoint("get", "/.well-known/jwks.json", false, Set.of()),
            new Endpoint("post", "/admin/clients", true, Set.of(400)),
            new Endpoint("get", "/admin/clients", true, Set.of()),
            new Endpoint("post", "/admin/clients/{clientId}/secret", true, Set.of(404)),
            new Endpoint("delete", "/admin/clients/{clientId}", true, Set.of(404)),
            // the OAuth endpoints answer errors in RFC 6749's format, not problem+json (see oauthErrorsAreDocumented)
            new Endpoint("post", "/oauth/token", false, Set.of()),
            new Endpoint("post", "/oauth/introspect", false, Set.of()),
            new Endpoint("post", "/oauth/revoke", false, Set.of()),
            new Endpoint("get", "/.well-known/oauth-authorization-server", false, Set.of()),
            new Endpoint("get", "/revocations", true, Set.of(400, 401, 403, 410)),
            new Endpoint("get", "/revocations/stream", true, Set.of(400, 401, 403, 410)),
            new Endpoint("post", "/users/me/mfa/totp", true, Set.of(409)),
            new Endpoint("post", "/users/me/mfa/totp/confirm", true, Set.of(400)),
            new Endpoint("delete", "/users/me/mfa", true, Set.of(403)),
            new Endpoint("post", "/auth/login/mfa", false, Set.of(401)),
            new Endpoint("delete", "/admin/users/{id}/mfa", true, Set.of(404)));

    /** The OAuth endpoints' documented errors, in RFC 6749's format. */
    static final Map<String, Set<Integer>> OAUTH_ERRORS = Map.of(
            "/oauth/token", Set.of(400, 401, 429, 503),
            "/oauth/introspect", Set.of(400, 401, 403, 429, 503),
            "/oauth/revoke", Set.of(400, 503));

    private JsonNode document;

    @BeforeEach
    void fetchDocument() throws IOException {
        String json = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        document = new ObjectMapper().readTree(json);
    }

    @Test
    void everyEndpointOfTheContractIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Endpoint endpoint : API) {
            if (operation(endpoint).isMissingNode()) {
                missing.add(endpoint.name());
            }
        }
        assertEquals(List.of(), missing, "endpoints of API.md missing from /q/openapi");
    }

    @Test
    void securitySchemesAreBearerJwtAndTheClientsBasic() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertEquals(Set.of("bearer", "clientBasic"), Set.copyOf(names(schemes.fieldNames())), "security schemes");
        JsonNode scheme = schemes.path("bearer");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertEquals("JWT", scheme.path("bearerFormat").asText());
        assertEquals("http", schemes.path("clientBasic").path("type").asText());
        assertEquals("basic", schemes.path("clientBasic").path("scheme").asText());
    }

    @Test
    void oauthErrorsAreDocumentedInOAuthsFormat() {
        List<String> wrong = new ArrayList<>();
        OAUTH_ERRORS.forEach((path, statuses) -> {
            JsonNode responses = document.path("paths").path(path).path("post").path("responses");
            for (int status : statuses) {
                JsonNode schema = schema(responses
                        .path(String.valueOf(status))
                        .path("content")
                        .path("application/json")
                        .path("schema"));
                if (!schema.path("properties").has("error")
                        || !schema.path("properties").has("error_description")) {
                    wrong.add(path + " " + status);
                }
            }
        });
        assertEquals(List.of(), wrong, "OAuth errors not documented as {error, error_description}");
        JsonNode token = document.path("paths").path("/oauth/token").path("post");
        assertTrue(
                token.path("requestBody").path("content").has("application/x-www-form-urlencoded"),
                "the token request is a form");
        assertTrue(
                token.path("responses").path("401").path("headers").has("WWW-Authenticate"),
                "invalid_client names its challenge");
    }

    @Test
    void bearerEndpointsRequireTheBearerScheme() {
        List<String> unsecured = new ArrayList<>();
        for (Endpoint endpoint : API) {
            if (endpoint.bearer() && !requiresBearer(operation(endpoint))) {
                unsecured.add(endpoint.name());
            }
        }
        assertEquals(List.of(), unsecured, "bearer endpoints without the bearer security requirement");
    }

    @Test
    void publicEndpointsDoNotRequireABearerToken() {
        for (String path : List.of("/auth/register", "/auth/login", "/auth/refresh")) {
            assertFalse(requiresBearer(document.path("paths").path(path).path("post")), path);
        }
        assertFalse(requiresBearer(
                document.path("paths").path("/.well-known/jwks.json").path("get")));
        assertFalse(requiresBearer(document.path("paths")
                .path("/.well-known/oauth-authorization-server")
                .path("get")));
        for (String path : List.of("/oauth/token", "/oauth/revoke")) {
            assertFalse(requiresBearer(document.path("paths").path(path).path("post")), path);
        }
    }

    @Test
    void everyErrorOfTheContractIsDocumentedAsProblemJson() {
        List<String> undocumented = new ArrayList<>();
        for (Endpoint endpoint : API) {
            JsonNode responses = operation(endpoint).path("responses");
            for (int status : endpoint.errors()) {
                if (!isProblem(responses.path(String.valueOf(status)))) {
                    undocumented.add(endpoint.name() + " " + status);
                }
            }
            if (!endpoint.errors().isEmpty() && !hasProblemClientError(responses)) {
                undocumented.add(endpoint.name() + " (no 4xx problem+json at all)");
            }
        }
        assertEquals(List.of(), undocumented, "errors of API.md not documented as application/problem+json");
    }

    @Test
    void everyDocumentedErrorIsProblemJsonWithTheProblemSchema() {
        List<String> wrong = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            // /oauth/* answer in RFC 6749's error format for OAuth client libraries (oauthErrorsAreDocumented...)
            if (path.getKey().startsWith("/q/") || path.getKey().startsWith("/oauth/")) {
                return;
            }
            path.getValue()
                    .fields()
                    .forEachRemaining(op -> op.getValue()
                            .path("responses")
                            .fields()
                            .forEachRemaining(response -> {
                                if (response.getKey().matches("[45]\\d\\d") && !isProblem(response.getValue())) {
                                    wrong.add(
                                            op.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey());
                                }
                            }));
        });
        assertEquals(List.of(), wrong, "error responses that are not problem+json");
    }

    @Test
    void throttledLoginTellsWhenToRetry() {
        JsonNode tooMany = resolve(document.path("paths")
                .path("/auth/login")
                .path("post")
                .path("responses")
                .path("429"));
        assertFalse(tooMany.path("headers").path("Retry-After").isMissingNode(), "429 without Retry-After");
    }

    @Test
    void loginHasARequestExampleAndATokenResponse() {
        JsonNode login = document.path("paths").path("/auth/login").path("post");
        JsonNode body = login.path("requestBody").path("content").path("application/json");
        JsonNode example = body.path("examples").elements().hasNext()
                ? body.path("examples").elements().next().path("value")
                : body.path("example");
        assertTrue(example.has("email") && example.has("password"), "login request example: " + body);
        JsonNode ok = resolve(login.path("responses").path("200"));
        JsonNode schema = schema(ok.path("content").path("application/json").path("schema"));
        assertTrue(schema.path("properties").has("access_token"), "login 200 schema: " + schema);
        assertTrue(schema.path("properties").has("refresh_token"), "login 200 schema: " + schema);
    }

    @Test
    void refreshAndLogoutDocumentTheRefreshTokenBody() {
        for (String path : List.of("/auth/refresh", "/auth/logout")) {
            JsonNode body = document.path("paths").path(path).path("post").path("requestBody");
            JsonNode schema =
                    schema(body.path("content").path("application/json").path("schema"));
            assertTrue(schema.path("properties").has("refresh_token"), path + " request body: " + body);
            assertFalse(body.path("required").asBoolean(), path + " body must be optional (cookie or bearer)");
        }
    }

    @Test
    void everyErrorExampleIsTheCataloguesAnswer() {
        Set<String> codes = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        List<JsonNode> responses = new ArrayList<>();
        document.path("components").path("responses").forEach(responses::add);
        document.path("paths")
                .forEach(path -> path.forEach(op -> op.path("responses").forEach(responses::add)));
        for (JsonNode response : responses) {
            JsonNode examples =
                    response.path("content").path(Problem.MEDIA_TYPE).path("examples");
            if (!response.path("content").has(Problem.MEDIA_TYPE)) {
                continue;
            }
            if (examples.isEmpty()) {
                wrong.add("no examples: " + response);
            }
            examples.forEach(example -> {
                JsonNode value = example.path("value");
                Optional<Problems> entry = Problems.of(
                        value.path("status").asInt(), value.path("code").asText());
                if (entry.isEmpty()
                        || !entry.get().detail().equals(value.path("detail").asText())) {
                    wrong.add(value.toString());
                }
                codes.add(value.path("code").asText());
            });
        }
        assertEquals(List.of(), wrong, "examples that are not the catalogue's");
        assertTrue(
                codes.containsAll(Set.of(
                        "validation_failed",
                        "malformed_request",
                        "unauthorized",
                        "invalid_token",
                        "forbidden",
                        "not_found",
                        "email_taken",
                        "registration_disabled",
                        "invalid_credentials",
                        "account_disabled",
                        "invalid_refresh_token",
                        "refresh_token_reused",
                        "last_admin",
                        "cursor_expired",
                        "too_many_attempts",
                        "overloaded",
                        "unavailable")),
                "documented codes: " + codes);
    }

    @Test
    void aWrongCurrentPasswordIsDocumentedAsSuch() {
        for (String path : List.of("/users/me/password", "/users/me/email")) {
            JsonNode operation = document.path("paths").path(path);
            JsonNode forbidden =
                    resolve(operation.elements().next().path("responses").path("403"));
            JsonNode example = forbidden
                    .path("content")
                    .path(Problem.MEDIA_TYPE)
                    .path("examples")
                    .path("invalid_credentials")
                    .path("value");
            assertEquals(
                    Problems.WRONG_CURRENT_PASSWORD.detail(),
                    example.path("detail").asText(),
                    path);
        }
    }

    @Test
    void theRevocationStreamIsDocumentedAsServerSentEvents() {
        JsonNode ok = resolve(document.path("paths")
                .path("/revocations/stream")
                .path("get")
                .path("responses")
                .path("200"));
        assertTrue(ok.path("content").has("text/event-stream"), "stream 200: " + ok);
        JsonNode page = schema(resolve(document.path("paths")
                        .path("/revocations")
                        .path("get")
                        .path("responses")
                        .path("200"))
                .path("content")
                .path("application/json")
                .path("schema"));
        assertTrue(
                page.path("properties").has("events") && page.path("properties").has("cursor"), "page: " + page);
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui").then().statusCode(200);
    }

    private static List<String> names(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private JsonNode operation(Endpoint endpoint) {
        return document.path("paths").path(endpoint.path()).path(endpoint.method());
    }

    private static boolean requiresBearer(JsonNode operation) {
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.has("bearer")) {
                return true;
            }
        }
        return false;
    }

    private boolean hasProblemClientError(JsonNode responses) {
        var codes = responses.fieldNames();
        while (codes.hasNext()) {
            String code = codes.next();
            if (code.startsWith("4") && isProblem(responses.path(code))) {
                return true;
            }
        }
        return false;
    }

    /** The response carries application/problem+json with the Problem schema. */
    private boolean isProblem(JsonNode response) {
        JsonNode schema =
                resolve(response).path("content").path(Problem.MEDIA_TYPE).path("schema");
        return schema(schema).path("properties").has("code");
    }

    /** Follows a $ref to components.responses. */
    private JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asText("");
        return ref.isEmpty() ? response : pointer(ref);
    }

    /** Follows a $ref to components.schemas. */
    private JsonNode schema(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : pointer(ref);
    }

    private JsonNode pointer(String ref) {
        assertTrue(ref.startsWith("#/"), "only local references: " + ref);
        return document.at(ref.substring(1));
    }
}
