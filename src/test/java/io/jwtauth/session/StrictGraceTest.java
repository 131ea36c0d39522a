package io.jwtauth.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.SessionKnobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With {@code auth.refresh-token.reuse-grace=0}, any second presentation is reuse. */
@QuarkusTest
@TestProfile(SessionKnobs.class)
class StrictGraceTest {

    @Test
    void withoutGraceAnImmediateSecondPresentationIsReuse() {
        Accounts.Tokens tokens = Accounts.register("strict").login();
        String successor = Accounts.refresh(tokens.refresh())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        Accounts.refresh(tokens.refresh()).then().statusCode(401).body("code", equalTo("refresh_token_reused"));
        Accounts.refresh(successor).then().statusCode(401);
        given().auth().oauth2(tokens.access()).get("/users/me").then().statusCode(401);
    }

    @Test
    void withoutGraceAtMostOneOfTenConcurrentRefreshesSucceeds() throws Exception {
        String refresh = Accounts.register("strict-race").login().refresh();
        List<Response> responses = RefreshRaceTest.race(refresh);
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertTrue(ok <= 1, "at most one success, got " + ok);
        responses.stream().filter(r -> r.statusCode() != 200).forEach(r -> {
            assertEquals(401, r.statusCode());
            assertTrue(List.of("refresh_token_reused", "invalid_refresh_token").contains(r.path("code")));
        });
    }
}
