package io.jwtauth.common;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An IP address read from text without any name resolution, held in canonical form: IPv4-mapped IPv6
 * ({@code ::ffff:1.2.3.4}) is the IPv4 address, and the text is RFC 5952 (lower case, compressed) for IPv6.
 */
final class IpLiteral {

    /** The longest IP literal: a full IPv6 address ending in a dotted IPv4 address (45 characters). */
    static final int MAX_LENGTH = 45;

    private static final int IPV6_BYTES = 16;
    private static final int NETWORK_64_BYTES = 8;
    private static final int NETWORK_24_BYTES = 3;
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    private final byte[] bytes;

    private IpLiteral(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The address written in {@code text}, or empty when it is not exactly one plain IP literal. Refused: names,
     * brackets, ports, zone ids ({@code fe80::1%eth0}: a zone names an interface of the host that wrote it, meaningless
     * here), IPv4 octets with leading zeros (RFC 3986 forbids them; some parsers read {@code 010} as octal) and the
     * deprecated IPv4-compatible form {@code ::1.2.3.4} (Netty would read it as IPv4-mapped).
     */
    static Optional<IpLiteral> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        boolean ipv4 = NetUtil.isValidIpV4Address(text);
        // Netty's IPv6 validator also takes "[...]" and "%zone": those are not plain literals
        boolean ipv6 = !ipv4 && text.indexOf('[') < 0 && text.indexOf('%') < 0 && NetUtil.isValidIpV6Address(text);
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        int dotted = text.lastIndexOf(':') + 1;
        if (text.indexOf('.') >= 0 && hasLeadingZero(text.substring(dotted))) {
            return Optional.empty();
        }
        if (ipv6 && text.indexOf('.') >= 0 && !text.toLowerCase(Locale.ROOT).contains("ffff:")) {
            return Optional.empty();
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length == IPV6_BYTES
                && Arrays.equals(
                        bytes, 0, IPV4_MAPPED_PREFIX.length, IPV4_MAPPED_PREFIX, 0, IPV4_MAPPED_PREFIX.length)) {
            bytes = Arrays.copyOfRange(bytes, IPV4_MAPPED_PREFIX.length, IPV6_BYTES);
        }
        return Optional.of(new IpLiteral(bytes));
    }

    private static boolean hasLeadingZero(String dottedQuad) {
        for (String octet : dottedQuad.split("\\.")) {
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return true;
            }
        }
        return false;
    }

    boolean isIpv6() {
        return bytes.length == IPV6_BYTES;
    }

    /** Address length in bits: 32 or 128. */
    int bits() {
        return bytes.length * Byte.SIZE;
    }

    /** Whether the first {@code prefixBits} bits of both addresses are equal (false across IPv4 and IPv6). */
    boolean sharesPrefix(IpLiteral other, int prefixBits) {
        if (other.bytes.length != bytes.length) {
            return false;
        }
        int full = prefixBits / Byte.SIZE;
        if (!Arrays.equals(bytes, 0, full, other.bytes, 0, full)) {
            return false;
        }
        int rest = prefixBits % Byte.SIZE;
        int mask = (0xFF << (Byte.SIZE - rest)) & 0xFF;
        return rest == 0 || (bytes[full] & mask) == (other.bytes[full] & mask);
    }

    /** The canonical text: {@code 1.2.3.4}, {@code 2001:db8::1}. */
    String text() {
        return NetUtil.bytesToIpAddress(bytes);
    }

    /** The key of the client's network: an IPv4 address itself, an IPv6 address's /64 ({@code 2001:db8:1:2::/64}). */
    String throttleKey() {
        return isIpv6() ? prefix(NETWORK_64_BYTES) : text();
    }

    /**
     * The network the address is in, as a person's device moves within it: an IPv4 address's /24
     * ({@code 192.0.2.0/24}), an IPv6 address's /64.
     */
    String network() {
        return prefix(isIpv6() ? NETWORK_64_BYTES : NETWORK_24_BYTES);
    }

    /** The first {@code keptBytes} bytes, the rest zero, with the prefix length. */
    private String prefix(int keptBytes) {
        byte[] network = Arrays.copyOf(bytes, bytes.length);
        Arrays.fill(network, keptBytes, bytes.length, (byte) 0);
        return NetUtil.bytesToIpAddress(network) + "/" + keptBytes * Byte.SIZE;
    }

    @Override
    public String toString() {
        return text();
    }
}
