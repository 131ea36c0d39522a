package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.support.ServiceProcess;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In prod: JSON log lines carrying the request id, no secrets in them, and a graceful stop on SIGTERM. */
class ProductionLoggingIT {

    @Test
    void prodLogsAreJsonWithRequestIdsAndNoSecretsAndShutdownIsGraceful() throws Exception {
        ServiceProcess.freshDatabase();
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("logging-key", 2048));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        String password = "a very secret passphrase 0123";
        ServiceProcess p =
                ServiceProcess.start("prod-logging", 18095, 19095, env).awaitReady(Duration.ofSeconds(90));
        String refresh;
        String serverRequestId;
        try {
            given().baseUri(p.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", "logging@example.com", "password", password))
                    .post("/auth/register")
                    .then()
                    .statusCode(201);
            serverRequestId = given().baseUri(p.baseUri())
                    .header("X-Request-Id", "req-wrong-password")
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", "logging@example.com", "password", "a wrong passphrase 12345"))
                    .post("/auth/login")
                    .then()
                    .statusCode(401)
                    .extract()
                    .header("X-Request-Id");
            refresh = given().baseUri(p.baseUri())
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", "logging@example.com", "password", password))
                    .post("/auth/login")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("refresh_token");
        } finally {
            p.close(); // SIGTERM
        }
        String log = p.log();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = log.lines().filter(l -> l.startsWith("{")).toList();
        assertFalse(lines.isEmpty(), "JSON log lines:\n" + log);
        boolean auditWithRequestId = false;
        for (String line : lines) {
            JsonNode node = json.readTree(line); // every line parses
            if (node.path("message").asText().contains("event=login_failed")
                    && serverRequestId.equals(node.path("mdc").path("requestId").asText())
                    && "req-wrong-password"
                            .equals(node.path("mdc").path("clientRequestId").asText())) {
                auditWithRequestId = true;
            }
        }
        assertNotEquals("req-wrong-password", serverRequestId, "the service makes its own request id");
        assertTrue(
                auditWithRequestId,
                "the audit line of the failed login carries the service's request id, and "
                        + "the client's beside it:\n" + log);
        assertFalse(log.contains(password), "no password in the logs");
        assertFalse(log.contains("a wrong passphrase"), "no attempted password in the logs");
        assertFalse(log.contains(refresh), "no refresh token in the logs");
        assertTrue(log.contains("stopped in"), "graceful shutdown logged:\n" + log);
    }
}
