package io.jwtauth.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts a {@link PostgresProxy} between the service and the test database: the datasource (and the revocation
 * listener, which reads the same URL) connect through it, and the test gets it injected into a
 * {@code PostgresProxy} field to cut and restore.
 */
public class PostgresProxyResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:postgresql://)([^/?]+)(.*)$");

    private PostgresProxy proxy;

    @Override
    public Map<String, String> start() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m = HOST_AND_PORT.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL: " + url);
        }
        String[] hostPort = m.group(2).split(":");
        proxy = new PostgresProxy(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 5432);
        return Map.of("quarkus.datasource.jdbc.url", m.group(1) + "127.0.0.1:" + proxy.port() + m.group(3));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(PostgresProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
