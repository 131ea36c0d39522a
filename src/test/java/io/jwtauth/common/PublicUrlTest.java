package io.jwtauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH_PUBLIC_URL: an absolute http(s) URL, kept without its trailing slash; anything else refuses start-up. */
class PublicUrlTest {

    @Test
    void anAbsoluteHttpUrlIsTheBaseWithoutItsTrailingSlash() {
        assertEquals("https://auth.example.com", PublicUrl.base("https://auth.example.com"));
        assertEquals("https://auth.example.com", PublicUrl.base("https://auth.example.com/"));
        assertEquals("https://example.com/auth", PublicUrl.base(" https://example.com/auth/ "));
        assertEquals("http://localhost:8080", PublicUrl.base("http://localhost:8080"));
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        for (String bad : List.of(
                "",
                "auth.example.com",
                "/oauth",
                "ftp://auth.example.com",
                "https://",
                "https://user:pass@auth.example.com",
                "https://auth.example.com/?x=1",
                "https://auth.example.com/#top",
                "https://auth example.com")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicUrl.base(bad), bad);
            assertTrue(e.getMessage().startsWith("AUTH_PUBLIC_URL (auth.public-url)"), e.getMessage());
        }
    }
}
