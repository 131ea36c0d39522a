package io.jwtauth.resourceserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading API.md's event shape, and the header's kid. */
class RevocationEventTest {

    @Test
    void readsEveryFieldWhateverTheFormOfIdAndTime() {
        RevocationEvent event = read(
                "{\"id\":42,\"type\":\"tokens_revoked\",\"sub\":\"u\",\"ver\":3,\"at\":\"2026-11-30T11:00:00.250+01:00\"}");
        assertEquals(
                new RevocationEvent(
                        "42", "tokens_revoked", "u", null, 3L, null, Instant.parse("2026-11-30T10:00:00.250Z")),
                event);
    }

    @Test
    void fieldsOfTheWrongTypeCountAsAbsent() {
        RevocationEvent event =
                read("{\"id\":\"a\",\"type\":\"tokens_revoked\",\"sub\":1,\"ver\":\"3\",\"at\":\"soon\"}");
        assertNull(event.sub());
        assertNull(event.ver());
        assertNull(event.at());
    }

    @Test
    void theKeyIdIsReadFromTheTokenHeader() {
        String header = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"alg\":\"RS256\",\"kid\":\"k-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("k-1", RevocationCheck.keyId(header + ".e30.sig"));
        assertNull(RevocationCheck.keyId("not a token"));
        assertNull(RevocationCheck.keyId("!!!.e30.sig"));
    }

    @Test
    void aTrailingSlashOfTheUrlIsDropped() {
        assertEquals("http://auth:8080/base", ResourceServerDefaults.withoutTrailingSlash(" http://auth:8080/base// "));
    }

    private static RevocationEvent read(String json) {
        return RevocationEvent.from(Json.createReader(new StringReader(json)).readObject());
    }
}
