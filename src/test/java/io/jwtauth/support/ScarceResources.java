package io.jwtauth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A service short of database connections and bcrypt threads, its database behind a {@link PostgresProxy} the test
 * can cut: four pooled connections with a one-second acquisition timeout, one bcrypt thread at cost 9. One profile
 * for the outage and exhaustion tests (DatabaseOutageTest) and the load test that must not exhaust the pool
 * (PasswordChangeLoadTest): each distinct profile costs a Quarkus restart.
 */
public class ScarceResources implements QuarkusTestProfile {

    public static final int POOL_SIZE = 4;
    public static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(1);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.max-size",
                String.valueOf(POOL_SIZE),
                "quarkus.datasource.jdbc.acquisition-timeout",
                ACQUISITION_TIMEOUT.toSeconds() + "s",
                "quarkus.datasource.jdbc.login-timeout",
                "1s",
                "auth.password.hashing-threads",
                "1",
                "auth.password.bcrypt-cost",
                "9");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresProxyResource.class));
    }
}
