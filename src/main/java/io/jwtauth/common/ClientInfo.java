package io.jwtauth.common;

import io.vertx.core.http.HttpServerRequest;

/** Who is calling: the client IP and User-Agent, as recorded on sessions and used for throttling. */
public record ClientInfo(String ipAddress, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    public static ClientInfo of(HttpServerRequest request) {
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(ip, ua);
    }
}
