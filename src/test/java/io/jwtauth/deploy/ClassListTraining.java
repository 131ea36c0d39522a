package io.jwtauth.deploy;

import static io.restassured.RestAssured.given;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.JvmImage;
import io.jwtauth.support.ServiceProcess;
import io.jwtauth.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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

/**
 * The build step {@code class-list-training} (an exec-maven-plugin execution in pom.xml, run by {@code ./mvnw verify}
 * between packaging and the integration tests; on its own, after a package: {@code ./mvnw package
 * exec:exec@class-list-training}). It trains the packaged service for the JVM image's class-data archive: the jar,
 * in prod mode against a real database, serves what every instance serves first while the JVM records the classes it
 * loads; those, less the multi-release variants, become {@code target/quarkus-app/classes.lst}, which
 * {@code src/main/docker/Dockerfile.jvm} dumps the archive from with the image's own JDK. It also leaves what
 * {@code bench/run.sh} starts the service with: the archive dumped the same way on this JDK,
 * {@code target/cds/app-cds.jsa}, and the image's JVM options, {@code target/cds/jvm.args}.
 *
 * <p>It lives in the test sources because it drives the jar exactly as the integration tests do
 * ({@link ServiceProcess}: a fresh {@code jwt_auth_it} database, generated keys, the IT ports) with their HTTP client;
 * {@link ClassDataTrainingIT} checks what it made.
 */
final class ClassListTraining {

    /** The id of the pom's execution; the Dockerfile and the README name it. */
    static final String EXECUTION_ID = "class-list-training";

    static final Path CLASS_LIST = Path.of("target", "quarkus-app", "classes.lst");
    static final Path CDS = Path.of("target", "cds");
    /** Every class the training run loaded, unfiltered. */
    static final Path LOADED = CDS.resolve("loaded-classes.lst");

    static final Path ARCHIVE = CDS.resolve("app-cds.jsa");
    /** The image's JVM options with {@link #ARCHIVE}, one a line: what bench/run.sh runs the jar with. */
    static final Path JVM_ARGS = CDS.resolve("jvm.args");
    /** Shared with the integration tests, which run after this step, never beside it. */
    static final int PORT = 18098;

    static final int MANAGEMENT_PORT = 19098;

    private static final Pattern VERSIONED_CLASS = Pattern.compile("META-INF/versions/\\d+/(.+)\\.class");

    private ClassListTraining() {}

    public static void main(String[] args) throws Exception {
        if (!Files.isRegularFile(ServiceProcess.JAR)) {
            throw new IllegalStateException("no " + ServiceProcess.JAR + ": run ./mvnw package first");
        }
        Files.createDirectories(CDS);
        // a failed run leaves none of its outputs behind, so nothing downstream uses those of an older jar
        for (Path output : List.of(LOADED, CLASS_LIST, ARCHIVE, JVM_ARGS)) {
            Files.deleteIfExists(output);
        }
        train();
        List<String> loaded = Files.readAllLines(LOADED);
        List<String> listed = withoutMultiReleaseVariants(loaded);
        Files.write(CLASS_LIST, listed);
        dumpArchive(CLASS_LIST, ARCHIVE);
        Files.write(JVM_ARGS, imageOptions(ARCHIVE));
        System.out.printf(
                "%s: %d of %d class-list lines in %s (multi-release variants left out); %s and %s for "
                        + "bench/run.sh%n",
                EXECUTION_ID, listed.size(), loaded.size(), CLASS_LIST, ARCHIVE, JVM_ARGS);
    }

    /** The training run: the packaged service's first requests, with the JVM writing {@link #LOADED}. */
    private static void train() throws Exception {
        try {
            ServiceProcess.freshDatabase();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    EXECUTION_ID + " needs PostgreSQL, as the tests do (" + TestDatabase.SERVER
                            + ", user " + TestDatabase.USER + "; it re-creates the database "
                            + ServiceProcess.IT_DATABASE
                            + "): " + e,
                    e);
        }
        Map<String, String> env = new HashMap<>(ServiceProcess.generatedKeys("training-key", 2048));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"); // the prod default, as in the image
        ServiceProcess p = ServiceProcess.start(
                        EXECUTION_ID, PORT, MANAGEMENT_PORT, env, List.of("-XX:DumpLoadedClassList=" + LOADED))
                .awaitReady(Duration.ofSeconds(90));
        try {
            given().baseUri("http://127.0.0.1:" + p.managementPort)
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200);
            given().baseUri(p.baseUri()).get("/.well-known/jwks.json").then().statusCode(200);
            Accounts api = Accounts.on(p.baseUri());
            Accounts.Account account = api.registerUser("training");
            api.loginResponse(account.email(), "not the passphrase 0123").then().statusCode(401);
            Accounts.Tokens pair = account.login();
            given().baseUri(p.baseUri())
                    .auth()
                    .oauth2(pair.access())
                    .get("/users/me")
                    .then()
                    .statusCode(200);
            given().baseUri(p.baseUri())
                    .auth()
                    .oauth2(pair.access() + "x")
                    .get("/users/me")
                    .then()
                    .statusCode(401);
            api.refreshWith(pair.refresh()).then().statusCode(200);
        } finally {
            p.close(); // the JVM writes the class list as it exits
        }
    }

    /**
     * Dumps a class-data archive from a class list exactly as Dockerfile.jvm does (this JVM's java, the jar as the
     * class path); fails with the dump's log.
     */
    static void dumpArchive(Path classList, Path archive) throws IOException, InterruptedException {
        Files.createDirectories(archive.toAbsolutePath().getParent());
        Path log = archive.resolveSibling("dump.log");
        Process dump = new ProcessBuilder(
                        ServiceProcess.javaBin(),
                        "-Xshare:dump",
                        "-XX:SharedClassListFile=" + classList,
                        "-XX:SharedArchiveFile=" + archive,
                        "-cp",
                        ServiceProcess.JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!dump.waitFor(3, TimeUnit.MINUTES)) {
            dump.destroyForcibly();
            throw new IllegalStateException("java -Xshare:dump did not finish within 3 minutes, log: " + log);
        }
        if (dump.exitValue() != 0) {
            throw new IllegalStateException(
                    "java -Xshare:dump exited with " + dump.exitValue() + ", log:\n" + Files.readString(log));
        }
    }

    /**
     * The image's {@code -XX} options with {@code archive} as the class-data archive, under {@code -Xshare:on}: an
     * archive that cannot be used fails the start instead of being ignored, as the image would silently do.
     */
    static List<String> imageOptions(Path archive) throws IOException {
        List<String> options = new ArrayList<>(JvmImage.xxOptions(archive));
        options.add("-Xshare:on");
        return options;
    }

    /**
     * The lines of a class list, less the classes that any jar of the application overrides per Java version:
     * archived, they crash JDK 17 under a Java agent or Flight Recorder (why: {@link ClassDataTrainingIT}).
     */
    static List<String> withoutMultiReleaseVariants(List<String> lines) throws IOException {
        Set<String> variants = multiReleaseVariants();
        return lines.stream()
                .filter(line -> !variants.contains(className(line)))
                .toList();
    }

    /** The classes that some jar of the packaged application carries under {@code META-INF/versions/}. */
    static Set<String> multiReleaseVariants() throws IOException {
        Set<String> variants = new HashSet<>();
        try (Stream<Path> files = Files.walk(ServiceProcess.JAR.getParent())) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream()
                            .map(e -> VERSIONED_CLASS.matcher(e.getName()))
                            .filter(Matcher::matches)
                            .forEach(m -> variants.add(m.group(1)));
                }
            }
        }
        return variants;
    }

    /** The classes a class list names, less its {@code @} directives and comments. */
    static Set<String> classNames(List<String> lines) {
        return lines.stream()
                .filter(l -> !l.startsWith("@") && !l.startsWith("#"))
                .map(ClassListTraining::className)
                .collect(Collectors.toSet());
    }

    /** The class a class-list line is about: the first word, or the caller of an {@code @lambda-proxy}. */
    private static String className(String line) {
        String[] words = line.split(" ");
        return words[0].equals("@lambda-proxy") && words.length > 1 ? words[1] : words[0];
    }
}
