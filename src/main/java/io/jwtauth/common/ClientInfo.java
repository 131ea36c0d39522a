package io.jwtauth.common;

/** Who is calling: the client IP and User-Agent (see {@link ClientResolver}), recorded on sessions. */
public record ClientInfo(String ipAddress, String userAgent) {

    /** The key throttles count this client under. */
    public String throttleKey() {
        return ipAddress;
    }
}
