package io.jwtauth.admin;

import static io.restassured.RestAssured.given;

import io.jwtauth.support.ServiceProcess;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An account registered earlier with ADMIN_EMAIL does not become admin with its own password: the bootstrap
 * gives it ADMIN_PASSWORD (and ends its sessions), so whoever grabbed the address first gains nothing.
 */
class BootstrapAdminIT {

    static final String EMAIL = "ops@example.com";

    @Test
    void anEarlierAccountWithTheAdminEmailIsPromotedWithTheConfiguredPasswordOnly() throws Exception {
        ServiceProcess.freshDatabase();
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("bootstrap-key", 2048));
        String squatterPassword = "the squatter's own passphrase";
        try (ServiceProcess before = ServiceProcess.start("bootstrap-before", 18097, 19097, env)) {
            before.awaitReady(Duration.ofSeconds(90));
            given().baseUri(before.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", EMAIL, "password", squatterPassword))
                    .post("/auth/register")
                    .then()
                    .statusCode(201);
        }
        env.put("ADMIN_EMAIL", EMAIL);
        env.put("ADMIN_PASSWORD", "the operator's admin passphrase");
        try (ServiceProcess after = ServiceProcess.start("bootstrap-after", 18097, 19097, env)) {
            after.awaitReady(Duration.ofSeconds(90));
            given().baseUri(after.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", EMAIL, "password", squatterPassword))
                    .post("/auth/login")
                    .then()
                    .statusCode(401);
            String admin = given().baseUri(after.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", EMAIL, "password", "the operator's admin passphrase"))
                    .post("/auth/login")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("access_token");
            given().baseUri(after.baseUri())
                    .auth()
                    .oauth2(admin)
                    .get("/admin/users")
                    .then()
                    .statusCode(200);
        }
    }
}
