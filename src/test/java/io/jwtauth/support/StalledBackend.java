package io.jwtauth.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A PostgreSQL backend frozen with SIGSTOP until closed (SIGCONT): its connection stays open and silent, as over a
 * half-open socket. The server runs on this machine and the tests run as root, so the test can signal it.
 */
public final class StalledBackend implements AutoCloseable {

    private static final Duration FIND_WITHIN = Duration.ofSeconds(10);

    public final long pid;

    private StalledBackend(long pid) {
        this.pid = pid;
    }

    /**
     * Stops the backend serving the connection named {@code applicationName} to the database of {@code url}: the
     * newest one, should an older connection of that name still be closing.
     */
    public static StalledBackend stop(String url, String user, String password, String applicationName)
            throws Exception {
        long pid = backendPid(url, user, password, applicationName);
        signal("STOP", pid);
        long deadline = System.nanoTime() + FIND_WITHIN.toNanos();
        while (!isStopped(pid)) {
            if (System.nanoTime() > deadline) {
                signal("CONT", pid);
                throw new IllegalStateException("backend " + pid + " did not stop");
            }
            Thread.sleep(10);
        }
        return new StalledBackend(pid);
    }

    @Override
    public void close() throws Exception {
        signal("CONT", pid);
    }

    private static long backendPid(String url, String user, String password, String applicationName)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + FIND_WITHIN.toNanos();
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement find = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                        + " WHERE application_name = ? AND datname = current_database()"
                        + " ORDER BY backend_start DESC LIMIT 1")) {
            find.setString(1, applicationName);
            while (true) {
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no connection named " + applicationName);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** Whether the process is in the stopped state ({@code T} in /proc/PID/stat, after the command name). */
    private static boolean isStopped(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
    }
}
