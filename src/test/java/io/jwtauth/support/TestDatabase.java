package io.jwtauth.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the tests use, read from the same settings as the {@code @QuarkusTest} application
 * ({@code %test.quarkus.datasource.*} in application.properties, overridden by the environment variables Quarkus
 * reads: {@code _TEST_QUARKUS_DATASOURCE_JDBC_URL}, {@code QUARKUS_DATASOURCE_USERNAME}, ...), so the {@code *IT}
 * processes and helpers run against that server, with its credentials, instead of assuming a local trust login.
 */
public final class TestDatabase {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+)/([^?]+)(\\?.*)?");
    private static final Properties APPLICATION = load();

    /** The server, e.g. {@code jdbc:postgresql://127.0.0.1:5432}, without a database. */
    public static final String SERVER;

    /** The {@code @QuarkusTest} database's name, e.g. {@code test}. */
    public static final String NAME;

    public static final String USER = setting("QUARKUS_DATASOURCE_USERNAME", "quarkus.datasource.username", "postgres");
    public static final String PASSWORD = setting("QUARKUS_DATASOURCE_PASSWORD", "quarkus.datasource.password", "");

    static {
        String url = System.getenv("_TEST_QUARKUS_DATASOURCE_JDBC_URL") != null
                ? System.getenv("_TEST_QUARKUS_DATASOURCE_JDBC_URL")
                : APPLICATION.getProperty(
                        "%test.quarkus.datasource.jdbc.url", APPLICATION.getProperty("quarkus.datasource.jdbc.url"));
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("cannot read the test database server from " + url);
        }
        SERVER = m.group(1);
        NAME = m.group(2);
    }

    private TestDatabase() {}

    /** The JDBC URL of a database on that server. */
    public static String url(String database) {
        return SERVER + "/" + database;
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getenv(env);
        if (value != null) {
            return value;
        }
        return APPLICATION.getProperty("%test." + property, APPLICATION.getProperty(property, fallback));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
