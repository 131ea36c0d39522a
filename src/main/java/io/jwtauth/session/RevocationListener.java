package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Freshness;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears revocations announced by any instance sharing the database (PostgreSQL LISTEN) and drops the matching
 * cached state ({@link RevocationAnnouncer#apply}). One dedicated connection, re-opened on failure; each new
 * connection drops every cached state, since announcements may have been missed while there was none.
 *
 * <p>A connection can also stall without failing (its backend stopped, a half-open socket): then it hears
 * nothing and says nothing. So the listener pings every {@code auth.revocation.ping-interval}, and each answered
 * ping tells {@link Freshness} that every announcement committed before the ping was sent has been applied. That is
 * a timestamp, not a flag: a listener blocked in a read cannot keep claiming to be live, the caches simply see its
 * last confirmation grow old and stop trusting older entries ({@code auth.revocation.max-staleness}).
 */
@ApplicationScoped
class RevocationListener {

    private static final long RETRY_MILLIS = 1000;

    private final RevocationAnnouncer announcements;
    private final Freshness freshness;
    private final Clock clock;
    private final String channel;
    private final long pingNanos;
    private final Duration timeout;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile boolean running;
    private Thread thread;

    RevocationListener(
            RevocationAnnouncer announcements,
            Freshness freshness,
            Clock clock,
            AuthConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.announcements = announcements;
        this.freshness = freshness;
        this.clock = clock;
        this.channel = config.revocation().channel();
        this.pingNanos = config.revocation().pingInterval().toNanos();
        this.timeout = config.revocation().listenerTimeout();
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** The listener connection's application_name: per process, so an operator or a test can find a given one. */
    static String applicationName(long pid) {
        return "jwt-auth-revocation-listener-" + pid;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "revocation-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        // one line when the connection is lost and one when it is back, not one per failed attempt in between
        boolean lost = false;
        while (running) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
                // whatever was cached before LISTEN took effect may have missed an announcement
                announcements.forgetAll();
                if (lost) {
                    Log.info("Revocation listener reconnected; cached verification state dropped");
                    lost = false;
                }
                listen(statement, connection.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                if (running && !lost) {
                    Log.warnf(
                            "Revocation listener lost its connection (%s); reconnecting every %d ms",
                            e.getClass().getSimpleName(), RETRY_MILLIS);
                    lost = true;
                } else if (running) {
                    Log.debugf(
                            "Revocation listener still cannot connect (%s)",
                            e.getClass().getSimpleName());
                }
            }
            // Nothing to drop yet: until the next connection confirms, the caches trust only fresh entries, and
            // stale ones can still refuse a token for good. The reconnect drops everything.
            if (running) {
                sleep();
            }
        }
    }

    /** Applies announcements as they arrive, and pings when due; returns only by failing (or on shutdown). */
    private void listen(Statement statement, PGConnection pg) throws SQLException {
        long nextPing = System.nanoTime();
        while (running) {
            long untilPing = nextPing - System.nanoTime();
            if (untilPing > 0) {
                // at least 1 ms: pgjdbc reads 0 as "wait forever"
                apply(pg.getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilPing))));
            } else {
                Instant sent = clock.instant();
                statement.execute("SELECT 1");
                // PostgreSQL sends the notifications its backend has received before the answer that ends the
                // ping, so every announcement committed before `sent` is among these or was applied before
                apply(pg.getNotifications());
                freshness.heardUpTo(sent);
                nextPing = System.nanoTime() + pingNanos;
            }
        }
    }

    private void apply(PGNotification[] notifications) {
        if (notifications != null) {
            for (PGNotification n : notifications) {
                announcements.apply(n.getParameter());
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds())); // the driver counts whole seconds
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty(
                "ApplicationName", applicationName(ProcessHandle.current().pid()));
        Connection connection = DriverManager.getConnection(url, props);
        connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis()); // the driver ignores the executor
        return connection;
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
