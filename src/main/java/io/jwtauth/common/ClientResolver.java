package io.jwtauth.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling: the connection's address, unless it is a configured trusted proxy ({@code auth.trusted-proxies}:
 * addresses or CIDR ranges), in which case the right-most X-Forwarded-For entry that is not itself a trusted
 * proxy (entries further left are client-supplied and could be forged).
 */
@ApplicationScoped
public class ClientResolver {

    private static final int MAX_IP = 64;
    private static final int MAX_USER_AGENT = 512;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** An address range: the network's bytes and how many leading bits must match. */
    record Range(byte[] network, int prefixBits) {

        static Range parse(String spec) {
            String[] parts = spec.strip().split("/", 2);
            byte[] network = literal(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                    "auth.trusted-proxies: '" + spec + "' is not an IP address or CIDR range"));
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            int mask = rest == 0 ? 0 : (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> trustedProxies;

    ClientResolver(AuthConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).map(Range::parse).toList();
    }

    public ClientInfo resolve(HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && isTrusted(ip)) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty()) {
                    ip = hop;
                    if (!isTrusted(hop)) {
                        break;
                    }
                }
            }
        }
        return new ClientInfo(truncate(ip, MAX_IP), truncate(request.getHeader("User-Agent"), MAX_USER_AGENT));
    }

    private boolean isTrusted(String ip) {
        return !trustedProxies.isEmpty()
                && literal(ip).map(a -> trustedProxies.stream().anyMatch(r -> r.contains(a))).orElse(false);
    }

    /** The bytes of an IP literal; never a DNS lookup (anything that is not a literal is empty). */
    static Optional<byte[]> literal(String ip) {
        if (!IPV4.matcher(ip).matches() && !ip.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ip).getAddress());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String truncate(String value, int max) {
        return value != null && value.length() > max ? value.substring(0, max) : value;
    }
}
