// bench/Ceilings.java — the machine's ceilings for the two CPU-bound operations of the service, measured
// in a plain JVM (no HTTP, no database), with the same libraries the service uses:
//
//   rs256_verify_per_s  RS256 signature verifications per second (jose4j JsonWebSignature, RSA-2048, a token
//                       shaped like the service's access tokens; a fresh JsonWebSignature per verification, so
//                       parsing the compact serialization and base64url decoding are included).
//   rs256_sign_per_s    RS256 signatures per second (jose4j, the library under SmallRye JWT's builder, RSA-2048 with
// CRT
//                       as a PKCS#8 key gives it): a fresh access-token-shaped claim set signed each time, the work
//                       every login and refresh does once. With pgbench -N (bench/run.sh) it bounds (e).
//   bcrypt_per_s        bcrypt hashes per second at the given cost (Elytron via Quarkus'
//                       BcryptUtil.bcryptHash(String, int)), over a 44-character input like the service's
//                       base64(SHA-256(password)) pre-hash. A login does exactly one such bcrypt computation.
//
// Each is run on N threads at once for a fixed time after a warm-up (JIT). The rate is summed over threads,
// each thread's rate being (operations completed) / (time until its last completed operation), so a slow
// operation (bcrypt: ~0.25 s) is not cut off at the end of the window.
//
// Run (classpath = the service's own runtime jars):
//   java -cp 'target/quarkus-app/lib/main/*' bench/Ceilings.java <threads> <verify-seconds> <bcrypt-seconds> <cost>
// Prints one JSON line on stdout.

import io.quarkus.elytron.security.common.BcryptUtil;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

public class Ceilings {

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        double verifySeconds = Double.parseDouble(args[1]);
        double bcryptSeconds = Double.parseDouble(args[2]);
        int cost = Integer.parseInt(args[3]);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String token = accessTokenLike(keys);
        PublicKey publicKey = keys.getPublic();
        Op verify = () -> {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new org.jose4j.jwa.AlgorithmConstraints(
                    org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
            jws.setCompactSerialization(token);
            jws.setKey(publicKey);
            if (!jws.verifySignature()) {
                throw new IllegalStateException("signature did not verify");
            }
        };
        String preHashed = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest("a benchmark password of some length".getBytes(StandardCharsets.UTF_8)));
        Op bcrypt = () -> {
            if (BcryptUtil.bcryptHash(preHashed, cost).isEmpty()) {
                throw new IllegalStateException("empty hash");
            }
        };

        rate(threads, 2.0, verify); // warm-up
        double verifyRate = rate(threads, verifySeconds, verify);
        Op sign = () -> {
            if (accessTokenLike(keys).isEmpty()) {
                throw new IllegalStateException("empty token");
            }
        };
        rate(threads, 2.0, sign); // warm-up
        double signRate = rate(threads, verifySeconds, sign);
        rate(threads, 1.0, bcrypt); // warm-up (at least one hash per thread)
        double bcryptRate = rate(threads, bcryptSeconds, bcrypt);

        System.out.printf(
                java.util.Locale.ROOT,
                "{\"threads\":%d,\"rs256_verify_per_s\":%.1f,\"rs256_sign_per_s\":%.1f,\"verify_seconds\":%.1f,"
                        + "\"bcrypt_cost\":%d,\"bcrypt_per_s\":%.3f,\"bcrypt_seconds\":%.1f,\"java\":\"%s\"}%n",
                threads,
                verifyRate,
                signRate,
                verifySeconds,
                cost,
                bcryptRate,
                bcryptSeconds,
                System.getProperty("java.vm.version"));
    }

    /** An RS256 JWS with the header and claims the service puts in its access tokens. */
    static String accessTokenLike(KeyPair keys) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://auth.example.com");
        claims.setAudience("jwt-auth-clients");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setClaim("upn", "bench-user@bench.example");
        claims.setStringListClaim("groups", List.of("user"));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(15);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setClaim("ver", 0);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue(UUID.randomUUID().toString());
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** Runs op on `threads` threads for `seconds`; returns the summed per-thread rate (ops/s). */
    static double rate(int threads, double seconds, Op op) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        DoubleAdder total = new DoubleAdder();
        Thread[] workers = new Thread[threads];
        Exception[] failure = new Exception[1];
        long[] startHolder = new long[1];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                try {
                    ready.countDown();
                    go.await();
                    long start = startHolder[0];
                    long deadline = start + (long) (seconds * 1e9);
                    long ops = 0;
                    long last = start;
                    while (last < deadline) {
                        op.run();
                        ops++;
                        last = System.nanoTime();
                    }
                    total.add(ops / ((last - start) / 1e9));
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            workers[i].start();
        }
        ready.await();
        startHolder[0] = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return total.sum();
    }
}
