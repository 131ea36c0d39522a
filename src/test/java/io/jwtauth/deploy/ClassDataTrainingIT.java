package io.jwtauth.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.JvmImage;
import io.jwtauth.support.NoOpAgent;
import io.jwtauth.support.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive of the JVM image. A training run — the packaged service, in prod mode against a real
 * database, serving what every instance serves first — records the classes it loads; they are written to
 * {@code target/quarkus-app/classes.lst}, from which {@code src/main/docker/Dockerfile.jvm} dumps the archive
 * with the image's own JDK (no database needed in the image build). {@code bench/run.sh} starts the service with
 * the archive this test dumps the same way, {@code target/cds/app-cds.jsa}, and the options in
 * {@code target/cds/jvm.args}.
 */
class ClassDataTrainingIT {

    static final Path CLASS_LIST = Path.of("target", "quarkus-app", "classes.lst");
    static final Path CDS = Path.of("target", "cds");
    static final Path ARCHIVE = CDS.resolve("app-cds.jsa");
    /** The options the service started with here, less the agent and the recorder: what bench/run.sh runs with. */
    static final Path JVM_ARGS = CDS.resolve("jvm.args");
    private static final int PORT = 18098;
    private static final int MANAGEMENT_PORT = 19098;
    private static final Path LOADED = CDS.resolve("loaded-classes.lst");
    private static final Pattern VERSIONED_CLASS = Pattern.compile("META-INF/versions/\\d+/(.+)\\.class");

    private static final String PASSWORD = "a training passphrase 0123";

    @BeforeAll
    static void train() throws Exception {
        Files.createDirectories(CDS);
        Files.deleteIfExists(LOADED);
        Files.deleteIfExists(CLASS_LIST);
        ServiceProcess.freshDatabase();
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("training-key", 2048));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"); // the prod default, as in the image
        ServiceProcess p = ServiceProcess.start("class-data-training", PORT, MANAGEMENT_PORT, env,
                List.of("-XX:DumpLoadedClassList=" + LOADED)).awaitReady(Duration.ofSeconds(90));
        try {
            given().baseUri("http://127.0.0.1:" + p.managementPort).get("/q/health/ready").then().statusCode(200);
            given().baseUri(p.baseUri()).get("/.well-known/jwks.json").then().statusCode(200);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", "training@example.com", "password", PASSWORD)).post("/auth/register")
                    .then().statusCode(201);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", "training@example.com", "password", "not the passphrase 0123"))
                    .post("/auth/login").then().statusCode(401);
            JsonPath pair = login(p, "training@example.com");
            String access = pair.getString("access_token");
            given().baseUri(p.baseUri()).auth().oauth2(access).get("/users/me").then().statusCode(200);
            given().baseUri(p.baseUri()).auth().oauth2(access + "x").get("/users/me").then().statusCode(401);
            given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("refresh_token", pair.getString("refresh_token"))).post("/auth/refresh").then()
                    .statusCode(200);
        } finally {
            p.close();
        }
        Files.write(CLASS_LIST, withoutMultiReleaseVariants(Files.readAllLines(LOADED)));
    }

    @Test
    void theClassListHoldsWhatTheServiceLoadsFirst() throws IOException {
        Set<String> classes = classNames(Files.readAllLines(CLASS_LIST));
        for (String expected : List.of("io/jwtauth/token/TokenVerdicts", "io/jwtauth/session/RefreshTokenRotation",
                "org/hibernate/internal/SessionFactoryImpl", "io/netty/handler/codec/http/HttpObjectDecoder",
                "io/smallrye/health/SmallRyeHealthReporter")) {
            assertTrue(classes.contains(expected), expected + " in " + CLASS_LIST);
        }
    }

    /**
     * A class that a multi-release jar overrides under {@code META-INF/versions/} must not be archived: with a
     * Java agent or Flight Recorder the JVM re-reads archived classes from the jar without the versioned entries,
     * and for a class that only exists there (the PostgreSQL driver's {@code LazyCleanerImpl$CleanableWrapper})
     * JDK 17 crashes with SIGSEGV. The training run does load such classes.
     */
    @Test
    void theClassListLeavesOutClassesThatMultiReleaseJarsOverride() throws IOException {
        Set<String> variants = multiReleaseVariants();
        assertTrue(variants.contains("org/postgresql/util/LazyCleanerImpl$CleanableWrapper"), "scan sees the driver");
        Set<String> loaded = classNames(Files.readAllLines(LOADED));
        assertTrue(loaded.stream().anyMatch(variants::contains), "the training run loaded versioned classes");
        Set<String> listed = classNames(Files.readAllLines(CLASS_LIST));
        assertEquals(Set.of(), listed.stream().filter(variants::contains).collect(Collectors.toSet()));
    }

    /**
     * The archive dumped from the list, exactly as the image dumps it, starts the service with the image's JVM
     * options and {@code -Xshare:on} (an unusable archive fails the start instead of being ignored), under a Java
     * agent and Flight Recorder — both of which crashed the JVM when the list still held multi-release variants.
     * Only once that worked are the archive and {@code target/cds/jvm.args} (those options, less the agent and
     * the recorder) left for {@code bench/run.sh}.
     */
    @Test
    void theArchiveStartsTheServiceUnderAJavaAgentAndFlightRecorder() throws Exception {
        Files.deleteIfExists(ARCHIVE);
        Files.deleteIfExists(JVM_ARGS);
        boolean works = false;
        try {
            Process dump = new ProcessBuilder(ServiceProcess.javaBin(), "-Xshare:dump",
                    "-XX:SharedClassListFile=" + CLASS_LIST, "-XX:SharedArchiveFile=" + ARCHIVE,
                    "-cp", ServiceProcess.JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(CDS.resolve("dump.log").toFile()).start();
            assertTrue(dump.waitFor(3, TimeUnit.MINUTES), "dump finished");
            assertEquals(0, dump.exitValue(), () -> "java -Xshare:dump, log:\n" + read(CDS.resolve("dump.log")));

            List<String> options = new ArrayList<>(JvmImage.xxOptions(ARCHIVE));
            options.add("-Xshare:on");
            List<String> observed = new ArrayList<>(options);
            observed.addAll(List.of("-javaagent:" + NoOpAgent.writeJar(CDS.resolve("no-op-agent.jar")),
                    "-XX:StartFlightRecording=filename=" + CDS.resolve("start.jfr")));
            ServiceProcess.freshDatabase();
            ServiceProcess p = ServiceProcess.start("class-data-archive", PORT, MANAGEMENT_PORT,
                    ServiceProcess.generatedKeys("archive-key", 2048), observed).awaitReady(Duration.ofSeconds(90));
            try {
                given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                        .body(Map.of("email", "archive@example.com", "password", PASSWORD)).post("/auth/register")
                        .then().statusCode(201);
                String access = login(p, "archive@example.com").getString("access_token");
                given().baseUri(p.baseUri()).auth().oauth2(access).get("/users/me").then().statusCode(200);
                String log = p.log();
                assertTrue(log.contains(NoOpAgent.INSTALLED), "the agent ran:\n" + log);
                assertTrue(log.contains("Started recording"), "Flight Recorder ran:\n" + log);
            } finally {
                p.close();
            }
            Files.write(JVM_ARGS, options);
            works = true;
        } finally {
            if (!works) {
                Files.deleteIfExists(ARCHIVE);
            }
        }
    }

    /** The lines of a class list, less the classes that any jar of the application overrides per Java version. */
    private static List<String> withoutMultiReleaseVariants(List<String> lines) throws IOException {
        Set<String> variants = multiReleaseVariants();
        return lines.stream().filter(line -> !variants.contains(className(line))).toList();
    }

    private static Set<String> multiReleaseVariants() throws IOException {
        Set<String> variants = new HashSet<>();
        try (Stream<Path> files = Files.walk(ServiceProcess.JAR.getParent())) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream().map(e -> VERSIONED_CLASS.matcher(e.getName())).filter(Matcher::matches)
                            .forEach(m -> variants.add(m.group(1)));
                }
            }
        }
        return variants;
    }

    /** The class a class-list line is about: the first word, or the caller of an {@code @lambda-proxy}. */
    private static String className(String line) {
        String[] words = line.split(" ");
        return words[0].equals("@lambda-proxy") && words.length > 1 ? words[1] : words[0];
    }

    private static Set<String> classNames(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("@") && !l.startsWith("#")).map(ClassDataTrainingIT::className)
                .collect(Collectors.toSet());
    }

    private static JsonPath login(ServiceProcess p, String email) {
        return given().baseUri(p.baseUri()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD)).post("/auth/login").then().statusCode(200)
                .extract().jsonPath();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

}
