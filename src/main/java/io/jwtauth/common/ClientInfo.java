package io.jwtauth.common;

/**
 * Who is calling: the client IP (canonical text, or {@code unknown}) and the cleaned User-Agent, as
 * {@link ClientResolver} found them; recorded on sessions.
 */
public record ClientInfo(String ipAddress, String userAgent) {

    /**
     * The key under which throttles must count this client's network: an IPv4 address itself, an IPv6 address's /64
     * prefix (e.g. {@code 2001:db8:1:2::/64}). A /64 is what one subscriber or one LAN is given (RFC 6177, RIPE-690),
     * so one attacker holds a whole /64 and, keyed by the full address, could draw 2^64 fresh throttle keys. A value
     * that is not an IP literal is its own key.
     */
    public String throttleKey() {
        return IpLiteral.parse(ipAddress).map(IpLiteral::throttleKey).orElse(ipAddress);
    }

    /**
     * The client's network as a person's device roams within it (a home's or an office's): an IPv4 address's /24, an
     * IPv6 address's /64; a value that is not an IP literal is its own network.
     */
    public String network() {
        return IpLiteral.parse(ipAddress).map(IpLiteral::network).orElse(ipAddress);
    }
}
