package io.jwtauth.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.NoOpAgent;
import io.jwtauth.support.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive of the JVM image, from the class list that the build step {@code class-list-training}
 * ({@link ClassListTraining}) wrote: the list holds what the service loads first and no class that crashes JDK 17,
 * and the archive dumped from it as {@code src/main/docker/Dockerfile.jvm} does starts the service.
 */
class ClassDataTrainingIT {

    /** This test's own archive and scratch files: the build step's archive stays what bench/run.sh runs with. */
    private static final Path WORK = ClassListTraining.CDS.resolve("it");

    @BeforeAll
    static void theBuildStepRanOnThisJar() throws IOException {
        String step = ClassListTraining.EXECUTION_ID;
        String howToRun = " — the build step " + step + " writes it: ./mvnw verify runs it before the integration"
                + " tests; on its own: ./mvnw package exec:exec@" + step;
        for (Path made : List.of(ClassListTraining.CLASS_LIST, ClassListTraining.LOADED)) {
            assertTrue(Files.isRegularFile(made), "no " + made + howToRun);
            assertTrue(
                    Files.getLastModifiedTime(made).compareTo(Files.getLastModifiedTime(ServiceProcess.JAR)) >= 0,
                    made + " is older than " + ServiceProcess.JAR + howToRun);
        }
    }

    @Test
    void theClassListHoldsWhatTheServiceLoadsFirst() throws IOException {
        Set<String> classes = ClassListTraining.classNames(Files.readAllLines(ClassListTraining.CLASS_LIST));
        for (String expected : List.of(
                "io/jwtauth/token/TokenVerdicts",
                "io/jwtauth/session/RefreshTokenRotation",
                "io/jwtauth/common/Sql",
                "io/netty/handler/codec/http/HttpObjectDecoder",
                "io/smallrye/health/SmallRyeHealthReporter")) {
            assertTrue(classes.contains(expected), expected + " in " + ClassListTraining.CLASS_LIST);
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
        Set<String> variants = ClassListTraining.multiReleaseVariants();
        assertTrue(variants.contains("org/postgresql/util/LazyCleanerImpl$CleanableWrapper"), "scan sees the driver");
        Set<String> loaded = ClassListTraining.classNames(Files.readAllLines(ClassListTraining.LOADED));
        assertTrue(loaded.stream().anyMatch(variants::contains), "the training run loaded versioned classes");
        Set<String> listed = ClassListTraining.classNames(Files.readAllLines(ClassListTraining.CLASS_LIST));
        assertEquals(Set.of(), listed.stream().filter(variants::contains).collect(Collectors.toSet()));
    }

    /**
     * The archive dumped from the list, exactly as the image dumps it, starts the service with the image's JVM
     * options and {@code -Xshare:on} (an unusable archive fails the start instead of being ignored), under a Java
     * agent and Flight Recorder — both of which crashed the JVM when the list still held multi-release variants.
     */
    @Test
    void theArchiveStartsTheServiceUnderAJavaAgentAndFlightRecorder() throws Exception {
        Path archive = WORK.resolve("app-cds.jsa");
        Files.deleteIfExists(archive);
        ClassListTraining.dumpArchive(ClassListTraining.CLASS_LIST, archive);

        List<String> observed = new ArrayList<>(ClassListTraining.imageOptions(archive));
        observed.addAll(List.of(
                "-javaagent:" + NoOpAgent.writeJar(WORK.resolve("no-op-agent.jar")),
                "-XX:StartFlightRecording=filename=" + WORK.resolve("start.jfr")));
        ServiceProcess.freshDatabase();
        ServiceProcess p = ServiceProcess.start(
                        "class-data-archive",
                        ClassListTraining.PORT,
                        ClassListTraining.MANAGEMENT_PORT,
                        ServiceProcess.generatedKeys("archive-key", 2048),
                        observed)
                .awaitReady(Duration.ofSeconds(90));
        try {
            Accounts.Account account = Accounts.on(p.baseUri()).registerUser("archive");
            given().baseUri(p.baseUri())
                    .auth()
                    .oauth2(account.login().access())
                    .get("/users/me")
                    .then()
                    .statusCode(200);
            String log = p.log();
            assertTrue(log.contains(NoOpAgent.INSTALLED), "the agent ran:\n" + log);
            assertTrue(log.contains("Started recording"), "Flight Recorder ran:\n" + log);
        } finally {
            p.close();
        }
    }
}
