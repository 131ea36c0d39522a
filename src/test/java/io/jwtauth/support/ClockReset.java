package io.jwtauth.support;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * After every {@code @QuarkusTest} method, the {@link MutableClock} is back at real time, so a test that moves
 * time forward never leaks that offset into the next one (registered in META-INF/services).
 */
public class ClockReset implements QuarkusTestAfterEachCallback {

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        Arc.container().instance(MutableClock.class).get().reset();
    }
}
