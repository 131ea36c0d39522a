package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears revocations announced by any instance sharing the database (PostgreSQL LISTEN) and drops the matching
 * {@link RevocationCache} entries. One dedicated connection, re-opened on failure; whenever it was down, the
 * whole cache is dropped, since announcements may have been missed.
 */
@ApplicationScoped
class RevocationListener {

    private static final int POLL_MILLIS = 250;
    private static final long RETRY_MILLIS = 1000;
    /** A silently dead connection hears nothing: a query every few seconds finds out (socket timeout below). */
    private static final long PING_NANOS = 3_000_000_000L;

    private final RevocationCache cache;
    private final String channel;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile boolean running;
    private Thread thread;

    RevocationListener(RevocationCache cache, AuthConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.channel = config.revocation().channel();
        this.url = url;
        this.username = username;
        this.password = password;
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
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
                PGConnection pg = connection.unwrap(PGConnection.class);
                cache.invalidateAll();
                long nextPing = System.nanoTime() + PING_NANOS;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            cache.apply(n.getParameter());
                        }
                    }
                    if (System.nanoTime() - nextPing > 0) {
                        statement.execute("SELECT 1");
                        nextPing = System.nanoTime() + PING_NANOS;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    Log.warnf("Revocation listener lost its connection (%s); caches dropped, reconnecting",
                            e.getClass().getSimpleName());
                }
            }
            if (running) {
                cache.invalidateAll();
                sleep();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "3");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", "5");
        props.setProperty("ApplicationName", "jwt-auth-revocation-listener");
        return DriverManager.getConnection(url, props);
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
