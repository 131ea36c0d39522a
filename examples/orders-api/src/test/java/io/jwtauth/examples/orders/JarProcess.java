package io.jwtauth.examples.orders;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application (the auth service's or this API's {@code quarkus-run.jar}) run as a separate prod-mode
 * process for the end-to-end test: started with an environment, awaited until ready, stopped with SIGTERM, its log
 * kept under target/e2e-logs.
 */
final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int port;
    final int managementPort;

    private JarProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts {@code jar} on these ports with {@code env} on top of the parent's environment; does not wait. */
    static JarProcess start(String name, Path jar, int port, int managementPort, Map<String, String> env)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (the repository's .ci/run builds the "
                    + "service with ./mvnw verify at the root, then this project)");
        }
        Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
        Path log = logs.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        pb.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new JarProcess(pb.start(), log, port, managementPort);
    }

    /** Until /q/health/ready answers 200 (the auth service: database and keys; this API: its first snapshot). */
    JarProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + log());
            }
            if (readiness() == 200) {
                return this;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not ready within " + timeout + ":\n" + log());
    }

    /** The status of /q/health/ready, or -1 while nothing answers. */
    int readiness() {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")
                            .toURL()
                            .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: Quarkus shuts down gracefully
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
