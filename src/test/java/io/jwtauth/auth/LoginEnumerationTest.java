package io.jwtauth.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Unknown email and wrong password are indistinguishable: same status, same body, same bcrypt work. */
@QuarkusTest
class LoginEnumerationTest {

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswerAfterTheSameWork() {
        Accounts.Account account = Accounts.register("enum");

        double before = Metrics.sum("auth_bcrypt_operations_total");
        Response wrongPassword = Accounts.loginAttempt(account.email(), "definitely not the password");
        double afterWrong = Metrics.sum("auth_bcrypt_operations_total");
        Response unknownEmail = Accounts.loginAttempt(Accounts.uniqueEmail("ghost"), "definitely not the password");
        double afterUnknown = Metrics.sum("auth_bcrypt_operations_total");

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals(wrongPassword.asString(), unknownEmail.asString(), "byte-identical bodies");
        assertEquals(wrongPassword.contentType(), unknownEmail.contentType());
        assertEquals(1.0, afterWrong - before, "one bcrypt comparison for a wrong password");
        assertEquals(
                1.0, afterUnknown - afterWrong, "one bcrypt comparison (against a dummy hash) for an unknown email");
    }
}
