package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.ScarceResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With four pooled connections, a one-second acquisition timeout and one bcrypt thread ({@link ScarceResources}), a
 * change holding a connection while it waits for bcrypt would starve everyone else. Many password changes at once
 * cost the database milliseconds each, not bcrypt's time: they hash before they take
 * a connection or a row lock, so unrelated requests that need the database are served meanwhile.
 */
@QuarkusTest
@TestProfile(ScarceResources.class)
class PasswordChangeLoadTest {

    static final int CHANGES = 24;
    static final int READERS = 8;

    @Test
    void concurrentPasswordChangesLeaveTheDatabaseToEveryoneElse() throws Exception {
        List<Accounts.Account> changers = new ArrayList<>();
        List<String> changerTokens = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            Accounts.Account account = Accounts.register("load-change");
            changers.add(account);
            changerTokens.add(account.login().access());
        }
        String reader = Accounts.register("load-reader").login().access();

        ExecutorService pool = Executors.newFixedThreadPool(CHANGES + READERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> changes = new ArrayList<>();
            for (int i = 0; i < CHANGES; i++) {
                String access = changerTokens.get(i);
                String current = changers.get(i).password();
                changes.add(pool.submit(() -> {
                    start.await();
                    return given().auth()
                            .oauth2(access)
                            .contentType(ContentType.JSON)
                            .body(Map.of("currentPassword", current, "newPassword", "a new passphrase under load"))
                            .put("/users/me/password");
                }));
            }
            List<Future<List<Integer>>> reads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                reads.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    // the session list is read from the database on every call
                    for (int n = 0; n < 10; n++) {
                        statuses.add(given().auth()
                                .oauth2(reader)
                                .get("/users/me/sessions")
                                .statusCode());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            Map<Integer, Integer> changeStatuses = new TreeMap<>();
            for (Future<Response> change : changes) {
                changeStatuses.merge(change.get(120, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
            }
            Map<Integer, Integer> readStatuses = new TreeMap<>();
            for (Future<List<Integer>> read : reads) {
                read.get(120, TimeUnit.SECONDS).forEach(s -> readStatuses.merge(s, 1, Integer::sum));
            }
            assertEquals(Map.of(200, CHANGES), changeStatuses, "every change succeeds");
            assertEquals(Map.of(200, READERS * 10), readStatuses, "unrelated requests are served meanwhile");
        } finally {
            pool.shutdownNow();
        }
    }
}
