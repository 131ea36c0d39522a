package io.jwtauth.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The training run behind the JVM image's class-data archive: the packaged service, in prod mode against a real
 * database, serves what every instance serves first (readiness, JWKS, a registration, logins, an authenticated
 * and a refused request, a refresh), and the JVM writes the classes it loaded to
 * {@code target/quarkus-app/classes.lst}. {@code src/main/docker/Dockerfile.jvm} dumps the archive from that
 * list with the image's own JDK, so the image build needs no database.
 */
class ClassDataTrainingIT {

    static final Path CLASS_LIST = Path.of("target", "quarkus-app", "classes.lst");

    @Test
    void aTrainingRunWritesTheClassListTheImageArchiveIsDumpedFrom() throws Exception {
        Files.deleteIfExists(CLASS_LIST);
        ServiceProcess.freshDatabase();
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("training-key", 2048));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"); // the prod default, as in the image
        String password = "a training passphrase 0123";
        ServiceProcess p = ServiceProcess.start("class-data-training", 18098, 19098, env,
                List.of("-XX:DumpLoadedClassList=" + CLASS_LIST)).awaitReady(Duration.ofSeconds(90));
        try {
            given().baseUri("http://127.0.0.1:" + p.managementPort).get("/q/health/ready").then().statusCode(200);
            given().baseUri(p.baseUri()).get("/.well-known/jwks.json").then().statusCode(200);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", "training@example.com", "password", password)).post("/auth/register")
                    .then().statusCode(201);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", "training@example.com", "password", "not the passphrase 0123"))
                    .post("/auth/login").then().statusCode(401);
            JsonPath pair = given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", "training@example.com", "password", password)).post("/auth/login")
                    .then().statusCode(200).extract().jsonPath();
            String access = pair.getString("access_token");
            given().baseUri(p.baseUri()).auth().oauth2(access).get("/users/me").then().statusCode(200);
            given().baseUri(p.baseUri()).auth().oauth2(access + "x").get("/users/me").then().statusCode(401);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("refresh_token", pair.getString("refresh_token"))).post("/auth/refresh").then()
                    .statusCode(200);
        } finally {
            p.close();
        }
        Set<String> classes = Files.readAllLines(CLASS_LIST).stream().map(l -> l.split(" ")[0])
                .collect(Collectors.toSet());
        for (String expected : List.of("io/jwtauth/token/TokenVerdicts", "io/jwtauth/session/RefreshTokenRotation",
                "org/hibernate/internal/SessionFactoryImpl", "io/netty/handler/codec/http/HttpObjectDecoder",
                "io/smallrye/health/SmallRyeHealthReporter")) {
            assertTrue(classes.stream().anyMatch(c -> c.startsWith(expected)), expected + " in " + CLASS_LIST);
        }
    }
}
