package io.jwtauth.common;

import static io.jwtauth.common.ClientAddressTest.CONNECTION;
import static io.jwtauth.common.ClientAddressTest.addressSeen;
import static io.jwtauth.common.ClientAddressTest.forwardedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With no trusted proxy configured (the default), X-Forwarded-For is ignored: the client is the connection. */
@QuarkusTest
class ClientAddressWithoutTrustedProxiesTest {

    @Test
    void forwardedForIsIgnored() {
        Accounts.Account account = Accounts.register("xff-untrusted");
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7")));
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("198.51.100.66", "203.0.113.7")));
    }
}
