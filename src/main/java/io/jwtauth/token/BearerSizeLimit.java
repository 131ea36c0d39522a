package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses bearer tokens over {@code auth.max-token-bytes} before anything parses them. */
public class BearerSizeLimit {

    private final int maxTokenBytes;

    BearerSizeLimit(AuthConfig config) {
        this.maxTokenBytes = config.maxTokenBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.length() > maxTokenBytes + "Bearer ".length()) {
            throw TokenRejection.rejected(TokenRejection.Reason.TOO_LARGE);
        }
    }
}
