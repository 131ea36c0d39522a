package io.jwtauth.resourceserver;

import java.net.URI;
import java.time.Duration;

/** Settings for tests that build the library's classes without Quarkus; short times so that tests run fast. */
final class TestConfig implements ResourceServerConfig, ResourceServerConfig.Feed {

    URI url;
    String clientId = AuthServiceFixture.CLIENT_ID;
    String clientSecret = AuthServiceFixture.CLIENT_SECRET;
    boolean enabled = true;
    Duration tokenMaxLifetime = Duration.ofMinutes(15);
    Duration clockSkew = Duration.ofSeconds(30);
    Duration maxStaleness = Duration.ofSeconds(1);
    WhenStale whenStale = WhenStale.ACCEPT;
    Duration idleTimeout = Duration.ofSeconds(1);
    Duration initialBackoff = Duration.ofMillis(50);
    Duration maxBackoff = Duration.ofMillis(400);
    Duration connectTimeout = Duration.ofSeconds(2);

    TestConfig(URI url) {
        this.url = url;
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String clientSecret() {
        return clientSecret;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Duration tokenMaxLifetime() {
        return tokenMaxLifetime;
    }

    @Override
    public Duration clockSkew() {
        return clockSkew;
    }

    @Override
    public Feed feed() {
        return this;
    }

    @Override
    public Duration maxStaleness() {
        return maxStaleness;
    }

    @Override
    public WhenStale whenStale() {
        return whenStale;
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public Duration initialBackoff() {
        return initialBackoff;
    }

    @Override
    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }
}
