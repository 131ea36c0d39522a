package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/**
 * A verified request reads its token's claims without throwing: SmallRye JWT's own principal throws (and fills in a
 * stack trace) for every claim the MicroProfile list does not name, such as {@code ver} and {@code client_id}, which
 * the revocation checks read on every request ({@link VerifiedToken}). Counted with Flight Recorder's exception
 * events, on the service's threads only (RestAssured runs in this JVM too) and with token handling on the stack.
 */
@QuarkusTest
class ExceptionFreeVerificationTest {

    static final int REQUESTS = 50;

    @Test
    void verifiedRequestsThrowNothingOnTheServicesThreads() throws Exception {
        String access = Accounts.register("no-throw").login().access();
        String client = Accounts.resourceServer("no-throw").token(); // a service account: its token has client_id
        // the first presentations verify the signatures and fill the caches; what is counted is the steady state
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        given().auth().oauth2(client).get("/revocations").then().statusCode(200);

        List<String> thrown = record(() -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().auth().oauth2(access).get("/users/me").then().statusCode(200);
                given().auth().oauth2(client).get("/revocations").then().statusCode(200);
            }
        });

        assertEquals(List.of(), thrown, "exceptions thrown on the service's threads while serving verified requests");
    }

    /** The recording sees what the service throws: a refused token throws on its way to the 401. */
    @Test
    void theRecordingSeesExceptionsTheServiceThrows() throws Exception {
        List<String> thrown = record(() ->
                given().auth().oauth2("not-a-token").get("/users/me").then().statusCode(401));

        assertFalse(thrown.isEmpty(), "no exception recorded for a refused token: the recording sees nothing");
    }

    /** The exceptions thrown on the service's threads while {@code requests} runs: class and throwing frame. */
    private static List<String> record(Runnable requests) throws InterruptedException {
        List<String> thrown = new CopyOnWriteArrayList<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jdk.JavaExceptionThrow").withStackTrace();
            stream.enable("jdk.JavaErrorThrow").withStackTrace();
            stream.onEvent(event -> {
                if (onServiceThread(event) && fromTokenHandling(event)) {
                    thrown.add(describe(event));
                }
            });
            AtomicInteger flushes = new AtomicInteger();
            stream.onFlush(flushes::incrementAndGet);
            stream.startAsync();
            awaitFlushes(flushes, 1); // recording from here on
            requests.run();
            awaitFlushes(flushes, 2); // everything recorded up to here has been delivered
        }
        return thrown;
    }

    private static void awaitFlushes(AtomicInteger flushes, int more) throws InterruptedException {
        int target = flushes.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (flushes.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Flight Recorder did not flush within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private static boolean onServiceThread(RecordedEvent event) {
        String thread = event.getThread() == null ? "" : event.getThread().getJavaName();
        return thread != null && (thread.startsWith("vert.x-eventloop") || thread.startsWith("executor-thread"));
    }

    /**
     * Thrown while a token was handled: the service's own code, SmallRye JWT or Quarkus security on the stack. Other
     * work shares these threads (in a full test run: mail connections closing, clients of earlier tests going
     * away), and its exceptions say nothing about verification.
     */
    private static boolean fromTokenHandling(RecordedEvent event) {
        return event.getStackTrace() != null
                && event.getStackTrace().getFrames().stream().anyMatch(f -> {
                    String type = f.getMethod().getType().getName();
                    return type.startsWith("io.jwtauth.")
                            || type.startsWith("io.smallrye.jwt.")
                            || type.startsWith("io.quarkus.smallrye.jwt.")
                            || type.startsWith("io.quarkus.security.")
                            || type.startsWith("io.quarkus.vertx.http.runtime.security.");
                });
    }

    /** The exception's class and the first frame outside its constructors: who threw it. */
    private static String describe(RecordedEvent event) {
        String thrower = event.getStackTrace() == null
                ? "?"
                : event.getStackTrace().getFrames().stream()
                        .filter(f -> !f.getMethod().getName().equals("<init>"))
                        .findFirst()
                        .map(f -> f.getMethod().getType().getName() + "."
                                + f.getMethod().getName())
                        .orElse("?");
        return event.getClass("thrownClass").getName() + " thrown by " + thrower + " on "
                + event.getThread().getJavaName();
    }
}
