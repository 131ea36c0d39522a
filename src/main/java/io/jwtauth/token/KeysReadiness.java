package io.jwtauth.token;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the signing and verification keys are loaded (the database check comes with the datasource), which ones,
 * and why changed key files were refused. A refused reload leaves the instance ready: it keeps serving with the keys
 * it has, and taking every instance out of service over a bad Secret would turn a refused change into an outage.
 */
@Readiness
@ApplicationScoped
public class KeysReadiness implements HealthCheck {

    private final KeyRing keys;

    KeysReadiness(KeyRing keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        KeySet current = keys.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("keys")
                .up()
                .withData("signingKid", current.signingKid())
                .withData("verificationKids", String.join(",", current.verificationKids()));
        KeyRing.Refusal refusal = keys.refusal();
        if (refusal != null) {
            response.withData("reloadRefused", refusal.reason())
                    .withData("reloadRefusedAt", refusal.at().toString());
        }
        return response.build();
    }
}
