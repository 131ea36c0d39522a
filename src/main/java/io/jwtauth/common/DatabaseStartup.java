package io.jwtauth.common;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Before any traffic: applies the Flyway migrations. When the database cannot be reached, the service stops within
 * seconds with one log line naming the settings to fix, instead of pages of stack trace.
 */
@Singleton
class DatabaseStartup {

    private final Flyway flyway;
    private final String url;

    DatabaseStartup(Flyway flyway, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        this.flyway = flyway;
        this.url = url;
    }

    void onStart(@Observes @Priority(2) StartupEvent event) {
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            Log.errorf(
                    "Refusing to start: cannot use PostgreSQL at %s (%s). Check QUARKUS_DATASOURCE_JDBC_URL, "
                            + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.",
                    url, rootMessage(e));
            Quarkus.asyncExit(1);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
