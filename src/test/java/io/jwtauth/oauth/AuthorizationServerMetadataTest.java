package io.jwtauth.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /.well-known/oauth-authorization-server (RFC 8414): the issuer of our tokens and absolute endpoint URLs from
 * auth.public-url (the issuer in the test profile), whatever Host or forwarding headers a request carries.
 */
@QuarkusTest
class AuthorizationServerMetadataTest {

    static final String BASE = TestTokens.ISSUER; // auth.public-url defaults to the issuer

    @Test
    void theDocumentNamesTheIssuerTheEndpointsAndWhatTheyAccept() {
        given().get("/.well-known/oauth-authorization-server")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("issuer", equalTo(TestTokens.ISSUER))
                .body("jwks_uri", equalTo(BASE + "/.well-known/jwks.json"))
                .body("token_endpoint", equalTo(BASE + "/oauth/token"))
                .body("introspection_endpoint", equalTo(BASE + "/oauth/introspect"))
                .body("revocation_endpoint", equalTo(BASE + "/oauth/revoke"))
                .body("grant_types_supported", equalTo(List.of("client_credentials")))
                .body(
                        "token_endpoint_auth_methods_supported",
                        equalTo(List.of("client_secret_basic", "client_secret_post")))
                .body("introspection_endpoint_auth_methods_supported", equalTo(List.of("client_secret_basic")))
                .body("revocation_endpoint_auth_methods_supported", equalTo(List.of("none")))
                .body("response_types_supported", equalTo(List.of()));
    }

    @Test
    void requestHeadersNeverChangeTheUrls() {
        String plain = given().get("/.well-known/oauth-authorization-server").asString();
        for (Map<String, String> headers : List.of(
                Map.of("Host", "evil.example"),
                Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Port", "81"),
                Map.of("Forwarded", "host=evil.example;proto=http"),
                Map.of("X-Forwarded-Prefix", "/evil"))) {
            Response r = given().headers(headers).get("/.well-known/oauth-authorization-server");
            r.then().statusCode(200);
            assertEquals(plain, r.asString(), "with " + headers);
        }
    }
}
