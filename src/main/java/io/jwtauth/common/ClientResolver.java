package io.jwtauth.common;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling. The client address is the connection's, unless the connection comes from a trusted proxy
 * ({@code auth.trusted-proxies}: IPs or CIDR ranges); then X-Forwarded-For (all header lines, joined in order) is read
 * from the right, skipping trusted proxies, and the first untrusted hop is the client (hops further left were written
 * by the client and could be forged). If every hop is a trusted proxy, the left-most one made the request.
 *
 * <p>Only IP literals count and nothing is ever resolved as a name (see {@link IpLiteral}). A hop may be a plain
 * address, as nginx, Envoy, HAProxy and AWS/GCP load balancers write it, or carry a port ({@code 1.2.3.4:5678},
 * {@code [2001:db8::1]:5678}, {@code [2001:db8::1]}), as Azure Application Gateway writes it; the port is dropped.
 * Any other hop met on the walk (a name, garbage, an empty hop, a zone id, too long) means the connection's address
 * is used: never the string, never the hop before it.
 */
@ApplicationScoped
public class ClientResolver {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String UNKNOWN = "unknown";
    static final int MAX_USER_AGENT = 512;

    private static final String SETTING = "AUTH_TRUSTED_PROXIES (auth.trusted-proxies)";
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    /** "[" + the longest literal + "]:" + a port. */
    private static final int MAX_HOP = IpLiteral.MAX_LENGTH + 8;

    /** An address range: a network address and how many leading bits must match. */
    record Range(IpLiteral network, int prefixBits) {

        /** Parses {@code 10.1.2.3} or {@code 10.1.0.0/16}; refuses anything else with a message naming the setting. */
        static Range parse(String spec) {
            String[] parts = spec.strip().split("/", -1);
            IpLiteral network = IpLiteral.parse(parts[0])
                    .orElseThrow(() -> new IllegalArgumentException(SETTING + ": '" + spec
                            + "' is not an IP address or CIDR range (e.g. 10.1.2.3 or 10.1.0.0/16)"));
            if (parts.length == 1) {
                return new Range(network, network.bits());
            }
            if (parts.length > 2
                    || !PREFIX.matcher(parts[1]).matches()
                    || Integer.parseInt(parts[1]) > network.bits()) {
                throw new IllegalArgumentException(SETTING + ": '" + spec + "' needs a prefix length from 0 to "
                        + network.bits() + " after the '/'");
            }
            return new Range(network, Integer.parseInt(parts[1]));
        }

        boolean contains(IpLiteral address) {
            return network.sharesPrefix(address, prefixBits);
        }
    }

    private final List<Range> trustedProxies;

    ClientResolver(AuthConfig config) {
        this.trustedProxies = trustedProxies(config);
    }

    /** Refuses to start on a bad AUTH_TRUSTED_PROXIES, like the other start-up checks: one line, exit 1. */
    static void checkTrustedProxies(@Observes @Priority(1) StartupEvent event, AuthConfig config) {
        try {
            trustedProxies(config);
        } catch (IllegalArgumentException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    private static List<Range> trustedProxies(AuthConfig config) {
        return config.trustedProxies().orElse(List.of()).stream()
                .filter(s -> !s.isBlank())
                .map(Range::parse)
                .toList();
    }

    public ClientInfo resolve(HttpServerRequest request) {
        return new ClientInfo(address(request), userAgent(request.getHeader("User-Agent")));
    }

    private String address(HttpServerRequest request) {
        Optional<IpLiteral> connection = connectionAddress(request.remoteAddress());
        if (connection.isEmpty()) {
            return UNKNOWN;
        }
        if (!isTrusted(connection.get())) {
            return connection.get().text();
        }
        List<String> lines = request.headers().getAll(FORWARDED_FOR);
        if (lines.isEmpty()) {
            return connection.get().text();
        }
        return forwardedClient(String.join(",", lines)).orElse(connection.get()).text();
    }

    /** The connection's peer; the socket's own address, so its zone id (link-local peers) is ours and dropped. */
    private static Optional<IpLiteral> connectionAddress(SocketAddress remote) {
        String host = remote == null ? null : remote.hostAddress();
        if (host == null) {
            return Optional.empty();
        }
        int zone = host.indexOf('%');
        return IpLiteral.parse(zone < 0 ? host : host.substring(0, zone));
    }

    /** The first untrusted hop from the right; empty when a hop on the way is malformed. */
    private Optional<IpLiteral> forwardedClient(String header) {
        IpLiteral hop = null;
        int end = header.length();
        // walks the hops from the right without splitting the whole header: it stops at the first untrusted one
        while (end >= 0) {
            int start = header.lastIndexOf(',', end - 1) + 1;
            Optional<IpLiteral> parsed = forwardedHop(stripSpaces(header.substring(start, end)));
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            hop = parsed.get();
            if (!isTrusted(hop)) {
                return parsed;
            }
            end = start - 1;
        }
        return Optional.of(hop);
    }

    /** One X-Forwarded-For hop: a plain IP literal, or one with a port as some proxies write it (see the class doc). */
    static Optional<IpLiteral> forwardedHop(String hop) {
        if (hop.length() > MAX_HOP) {
            return Optional.empty();
        }
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            String rest = close < 0 ? "" : hop.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || isPortSuffix(rest))) {
                return Optional.empty();
            }
            String inside = hop.substring(1, close);
            return inside.indexOf(':') < 0 ? Optional.empty() : IpLiteral.parse(inside);
        }
        int colon = hop.indexOf(':');
        if (colon >= 0 && colon == hop.lastIndexOf(':')) {
            // one colon is never IPv6 ("::" has two): an IPv4 address and a port
            return isPortSuffix(hop.substring(colon)) ? IpLiteral.parse(hop.substring(0, colon)) : Optional.empty();
        }
        return IpLiteral.parse(hop);
    }

    private static boolean isPortSuffix(String suffix) {
        return suffix.startsWith(":")
                && PORT.matcher(suffix).region(1, suffix.length()).matches()
                && Integer.parseInt(suffix.substring(1)) <= 65535;
    }

    /** Optional whitespace around a list element (RFC 9110 5.6.1) is spaces and tabs only. */
    private static String stripSpaces(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private boolean isTrusted(IpLiteral address) {
        return trustedProxies.stream().anyMatch(r -> r.contains(address));
    }

    /**
     * The User-Agent as stored on the session: informational, so control characters (C0 and DEL; PostgreSQL refuses
     * NUL in text) are dropped rather than refusing the request, and it is cut at 512 characters.
     */
    static String userAgent(String header) {
        if (header == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(header.length(), MAX_USER_AGENT));
        for (int i = 0; i < header.length() && kept.length() < MAX_USER_AGENT; i++) {
            char c = header.charAt(i);
            if (c >= 0x20 && c != 0x7F) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
