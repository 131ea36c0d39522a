package io.jwtauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parsing rules behind {@link ClientResolver}, without a server: literals, hops, trusted ranges, keys. */
class ClientAddressParsingTest {

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "255.255.255.255, 255.255.255.255",
        "0.0.0.0, 0.0.0.0",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "::1, ::1",
        "::ffff:10.1.2.3, 10.1.2.3",
        "0:0:0:0:0:FFFF:10.1.2.3, 10.1.2.3",
        "::ffff:a01:203, 10.1.2.3",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0000:0000:0000:0000:0000:ffff:255.255.255.255, 255.255.255.255"
    })
    void literalsAreReadInCanonicalForm(String text, String canonical) {
        assertEquals(canonical, IpLiteral.parse(text).orElseThrow().text());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " 1.2.3.4",
                "1.2.3.4 ",
                "999.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "01.2.3.4",
                "1.2.3.04",
                "localhost",
                "example.com",
                "[2001:db8::1]",
                "fe80::1%eth0",
                "fe80::1%",
                "1.2.3.4:80",
                "::10.1.2.3",
                "::ffff:010.1.2.3",
                "1::2::3",
                "2001:db8::1/64",
                "0x7f.0.0.1",
                "2130706433"
            })
    void anythingButOnePlainLiteralIsRefused(String text) {
        assertEquals(Optional.empty(), IpLiteral.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.9, 203.0.113.9",
        "203.0.113.9:51234, 203.0.113.9",
        "[2001:db8::2]:443, 2001:db8::2",
        "[2001:db8::3], 2001:db8::3",
        "2001:db8::4, 2001:db8::4",
        "[::ffff:10.1.2.3]:80, 10.1.2.3"
    })
    void aForwardedHopMayCarryAPortOrBrackets(String hop, String address) {
        assertEquals(address, ClientResolver.forwardedHop(hop).orElseThrow().text());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[1.2.3.4]",
                "[1.2.3.4]:80",
                "1.2.3.4:",
                "1.2.3.4:65536",
                "1.2.3.4:-1",
                "1.2.3.4:80:80",
                "[2001:db8::1",
                "[2001:db8::1]:",
                "[2001:db8::1]x",
                "[2001:db8::1]:99999",
                "[fe80::1%eth0]",
                "localhost:80",
                "unknown"
            })
    void aMalformedForwardedHopIsRefused(String hop) {
        assertEquals(Optional.empty(), ClientResolver.forwardedHop(hop));
    }

    @Test
    void trustedRangesMatchTheirPrefixOnly() {
        ClientResolver.Range range = ClientResolver.Range.parse(" 10.1.0.0/15 ");
        assertTrue(range.contains(ip("10.0.0.1")));
        assertTrue(range.contains(ip("10.1.255.255")));
        assertFalse(range.contains(ip("10.2.0.0")));
        assertFalse(range.contains(ip("::ffff:a02:1")));
        assertTrue(range.contains(ip("::ffff:a01:1")), "IPv4-mapped IPv6 is the IPv4 address");
        assertFalse(range.contains(ip("::a01:1")), "an IPv6 address never falls in an IPv4 range");
        ClientResolver.Range single = ClientResolver.Range.parse("2001:db8::1");
        assertTrue(single.contains(ip("2001:DB8:0::1")));
        assertFalse(single.contains(ip("2001:db8::2")));
        assertTrue(ClientResolver.Range.parse("2001:db8::/33").contains(ip("2001:db8:7fff::1")));
        assertFalse(ClientResolver.Range.parse("2001:db8::/33").contains(ip("2001:db8:8000::1")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0/33",
                "10.0.0.0/x",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0.0/ 8",
                "2001:db8::/129",
                "not-a-range",
                "/8",
                "10.0.0.0-10.0.0.255",
                "[::1]",
                "ingress.example.com"
            })
    void aBadTrustedProxyEntryIsRefusedNamingTheSetting(String entry) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ClientResolver.Range.parse(entry));
        assertTrue(
                e.getMessage().startsWith("AUTH_TRUSTED_PROXIES (auth.trusted-proxies): '" + entry + "'"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
        "2001:db8::1, 2001:db8::/64",
        "::1, ::/64",
        "unknown, unknown"
    })
    void throttlesKeyIpv6ClientsByTheirSlash64(String address, String key) {
        assertEquals(key, new ClientInfo(address, null).throttleKey());
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.0/24",
        "203.0.113.255, 203.0.113.0/24",
        "::ffff:198.51.100.9, 198.51.100.0/24",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
        "unknown, unknown"
    })
    void theNetworkOfANewDeviceIsTheSlash24OrTheSlash64(String address, String network) {
        assertEquals(network, new ClientInfo(address, null).network());
    }

    @Test
    void twoAddressesOfOneSlash64ShareAThrottleKey() {
        assertEquals(
                new ClientInfo("2001:db8:1:2::1", null).throttleKey(),
                new ClientInfo("2001:db8:1:2:ffff:ffff:ffff:ffff", null).throttleKey());
        assertFalse(new ClientInfo("2001:db8:1:2::1", null)
                .throttleKey()
                .equals(new ClientInfo("2001:db8:1:3::1", null).throttleKey()));
        assertNull(new ClientInfo(null, null).throttleKey());
    }

    @Test
    void theUserAgentLosesControlCharactersAndStopsAt512() {
        assertEquals("a b c", ClientResolver.userAgent("a\u0000 b\r\n\t \u001bc\u007f"));
        assertEquals("é ü", ClientResolver.userAgent("é ü"));
        assertEquals("y".repeat(512), ClientResolver.userAgent("\u0000".repeat(100) + "y".repeat(600)));
        assertNull(ClientResolver.userAgent(null));
    }

    /**
     * The classes that read client addresses never touch java.net's name-resolving types: {@code InetAddress.getByName}
     * on an IPv4-shaped invalid string is a DNS lookup, and {@code new InetSocketAddress(String, int)} resolves too.
     */
    @Test
    void noClassReadingClientAddressesCanResolveNames() throws IOException {
        List<Class<?>> readers =
                List.of(ClientResolver.class, ClientResolver.Range.class, IpLiteral.class, ClientInfo.class);
        for (Class<?> c : readers) {
            String classFile = c.getName().substring(c.getPackageName().length() + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(classFile)) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(constants.contains("java/net/InetAddress"), c + " references InetAddress");
                assertFalse(constants.contains("java/net/InetSocketAddress"), c + " references InetSocketAddress");
            }
        }
    }

    private static IpLiteral ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }
}
