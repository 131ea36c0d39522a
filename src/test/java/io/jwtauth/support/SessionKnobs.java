package io.jwtauth.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The session tests' small knobs, in one profile (each distinct profile costs a Quarkus restart): the expiry purge
 * in batches of two rows (ExpiredSessionPurgeBatchTest) and no reuse grace (StrictGraceTest). Neither test is
 * affected by the other's setting.
 */
public class SessionKnobs implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("auth.purge.batch-size", "2", "auth.refresh-token.reuse-grace", "0s");
    }
}
