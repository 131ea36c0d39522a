package io.jwtauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key tool without the service: RSA keys of at least 2048 bits whose kid is their RFC 7638 thumbprint (computed
 * here by hand, not by the library the tool uses), and the files of each rotation step accepted by the service's rule.
 */
class KeyToolTest {

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi");

    @TempDir
    Path dir;

    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void initMakesAnRsaSigningKeyWhoseKidIsItsThumbprint() throws Exception {
        tool(2560).run("init");

        Map<String, Object> signing = json(KeyTool.SIGNING).getMap("");
        assertEquals("RSA", signing.get("kty"));
        assertEquals(2560, modulus(signing).bitLength(), "the size asked for");
        assertEquals(thumbprint(signing), signing.get("kid"), "kid = RFC 7638 thumbprint");
        assertTrue(signing.keySet().containsAll(PRIVATE_MEMBERS), "a private JWK: " + signing.keySet());

        List<Map<String, Object>> set = json(KeyTool.SET).getList("keys");
        assertEquals(1, set.size());
        assertEquals(signing.get("kid"), set.get(0).get("kid"));
        assertEquals(signing.get("n"), set.get(0).get("n"));
        assertEquals("sig", set.get(0).get("use"));
        assertEquals("RS256", set.get(0).get("alg"));
        assertNoPrivateMembers(set);
        assertEquals(
                PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve(KeyTool.SIGNING)),
                "the private key is readable by its owner only");
        assertServiceAccepts();
        assertFalse(printed().contains((String) signing.get("d")), "no key material printed");
        assertTrue(printed().contains((String) signing.get("kid")), printed());
    }

    @Test
    void keysShorterThan2048BitsAreRefused() {
        assertThrows(KeyTool.Refused.class, () -> tool(2047).run("init"));
        assertFalse(Files.exists(dir.resolve(KeyTool.SIGNING)));
    }

    @Test
    void publishPromoteRetireWalkTheFilesThroughARotation() throws Exception {
        tool(2048).run("init");
        String first = json(KeyTool.SIGNING).getString("kid");

        tool(2048).run("publish");
        Map<String, Object> next = json(KeyTool.NEXT).getMap("");
        assertEquals(thumbprint(next), next.get("kid"));
        assertTrue(modulus(next).bitLength() >= 2048);
        assertEquals(first, json(KeyTool.SIGNING).getString("kid"), "publish does not change the signing key");
        assertEquals(List.of(first, next.get("kid")), json(KeyTool.SET).getList("keys.kid"));
        assertNoPrivateMembers(json(KeyTool.SET).getList("keys"));
        assertServiceAccepts();

        tool(2048).run("promote");
        assertEquals(next.get("kid"), json(KeyTool.SIGNING).getString("kid"));
        assertEquals(next.get("d"), json(KeyTool.SIGNING).getString("d"), "the published key, not a new one");
        assertFalse(Files.exists(dir.resolve(KeyTool.NEXT)));
        assertEquals(List.of(first, next.get("kid")), json(KeyTool.SET).getList("keys.kid"), "both still verify");
        assertServiceAccepts();

        tool(2048).run("retire");
        assertEquals(List.of(next.get("kid")), json(KeyTool.SET).getList("keys.kid"));
        assertServiceAccepts();
        assertTrue(printed().contains(first), "the retired kid is named: " + printed());
    }

    @Test
    void stepsOutOfOrderAreRefusedAndChangeNothing() throws Exception {
        tool(2048).run("init");
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("init"), "init over existing keys");
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("promote"), "promote before publish");
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("retire"), "nothing to retire");
        tool(2048).run("publish");
        String set = Files.readString(dir.resolve(KeyTool.SET));
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("publish"), "a second next key");
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("retire"), "retire before promote");
        assertEquals(set, Files.readString(dir.resolve(KeyTool.SET)));

        // a next key that was taken out of the set again must not start signing
        String signing = Files.readString(dir.resolve(KeyTool.SIGNING));
        Files.writeString(dir.resolve(KeyTool.SET), set.replaceFirst(",\\{[^}]*}]", "]"));
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("promote"));
        assertEquals(signing, Files.readString(dir.resolve(KeyTool.SIGNING)));
        assertThrows(KeyTool.Refused.class, () -> tool(2048).run("rotate"), "unknown step");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private KeyTool tool(int bits) {
        return new KeyTool(dir, bits, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private JsonPath json(String file) throws Exception {
        return JsonPath.from(Files.readString(dir.resolve(file)));
    }

    private void assertServiceAccepts() throws Exception {
        KeySet.of(Files.readString(dir.resolve(KeyTool.SIGNING)), Files.readString(dir.resolve(KeyTool.SET)));
    }

    private static void assertNoPrivateMembers(List<Map<String, Object>> keys) {
        for (Map<String, Object> key : keys) {
            assertTrue(
                    key.keySet().stream().noneMatch(PRIVATE_MEMBERS::contains), "public members only: " + key.keySet());
        }
    }

    private static BigInteger modulus(Map<String, Object> jwk) {
        return new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n")));
    }

    /** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace, base64url. */
    private static String thumbprint(Map<String, Object> jwk) throws Exception {
        String canonical = "{\"e\":\"" + jwk.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.get("n") + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
