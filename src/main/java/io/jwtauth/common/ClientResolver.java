package io.jwtauth.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: the connection's address, unless it is a configured trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (entries further left are client-supplied
 * and could be forged).
 */
@ApplicationScoped
public class ClientResolver {

    private static final int MAX_IP = 64;
    private static final int MAX_USER_AGENT = 512;

    private final Set<String> trustedProxies;

    ClientResolver(AuthConfig config) {
        this.trustedProxies = Set.copyOf(config.trustedProxies().orElse(List.of()));
    }

    public ClientInfo resolve(HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && trustedProxies.contains(ip)) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty()) {
                    ip = hop;
                    if (!trustedProxies.contains(hop)) {
                        break;
                    }
                }
            }
        }
        return new ClientInfo(truncate(ip, MAX_IP), truncate(request.getHeader("User-Agent"), MAX_USER_AGENT));
    }

    private static String truncate(String value, int max) {
        return value != null && value.length() > max ? value.substring(0, max) : value;
    }
}
