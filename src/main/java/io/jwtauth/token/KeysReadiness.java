package io.jwtauth.token;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the signing and verification keys are loaded (the database check comes with the datasource). */
@Readiness
@ApplicationScoped
public class KeysReadiness implements HealthCheck {

    private final KeyRing keys;

    KeysReadiness(KeyRing keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        boolean loaded = keys.isLoaded();
        return HealthCheckResponse.named("keys")
                .status(loaded)
                .withData("signingKid", loaded ? keys.signingKid() : "none")
                .build();
    }
}
