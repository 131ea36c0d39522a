package io.jwtauth.resourceserver;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link AuthServiceFixture} before the application and points {@code jwt-auth.url} at it. */
public class AuthServiceFixtureResource implements QuarkusTestResourceLifecycleManager {

    static AuthServiceFixture authService;

    @Override
    public Map<String, String> start() {
        try {
            authService = AuthServiceFixture.start();
        } catch (Exception e) {
            throw new IllegalStateException("the auth service fixture did not start", e);
        }
        authService.heartbeat = java.time.Duration.ofMillis(200);
        return Map.of("jwt-auth.url", authService.url().toString());
    }

    @Override
    public void stop() {
        authService.close();
    }
}
