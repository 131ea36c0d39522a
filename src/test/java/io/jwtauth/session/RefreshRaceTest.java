package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Ten refreshes of one token at once: every one is served, and all get the very same successor. */
@QuarkusTest
class RefreshRaceTest {

    static final int THREADS = 10;

    @Test
    void concurrentRefreshesOfOneTokenAllGetTheSameSuccessor() throws Exception {
        String refresh = Accounts.register("race").login().refresh();
        List<Response> responses = race(refresh);
        Set<String> successors = new HashSet<>();
        for (Response r : responses) {
            assertEquals(200, r.statusCode(), r.asString());
            successors.add(r.path("refresh_token"));
        }
        assertEquals(1, successors.size(), "one token, one successor: " + successors);
        Accounts.refresh(successors.iterator().next()).then().statusCode(200);
    }

    /** Fires {@link #THREADS} refreshes of the same token released by one latch. */
    static List<Response> race(String refresh) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return Accounts.refresh(refresh);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
