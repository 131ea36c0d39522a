package io.jwtauth.session;

import io.jwtauth.token.AccessTokenClaims;
import io.jwtauth.user.User;
import io.jwtauth.user.UserAccounts;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** /users/me/sessions: the caller's live sessions, and revoking one of them. */
@Path("/users/me/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
public class SessionResource {

    /** A session as the API shows it; {@code current} marks the one the calling token belongs to. */
    @RegisterForReflection
    public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent,
            String ipAddress, boolean current) {
    }

    private final SessionService sessions;
    private final UserAccounts accounts;
    private final JsonWebToken jwt;

    SessionResource(SessionService sessions, UserAccounts accounts, JsonWebToken jwt) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.jwt = jwt;
    }

    @GET
    public List<SessionView> list() {
        UUID sid = AccessTokenClaims.of(jwt).sessionId();
        return sessions.listLive(accounts.get(UUID.fromString(jwt.getSubject()))).stream()
                .map(s -> new SessionView(s.id, s.createdAt, s.lastUsedAt, s.expiresAt, s.userAgent, s.ipAddress,
                        s.id.equals(sid)))
                .toList();
    }

    @DELETE
    @Path("/{id}")
    public void revoke(@PathParam("id") UUID id) {
        sessions.revokeOwn(UUID.fromString(jwt.getSubject()), id);
    }
}
