package io.jwtauth.session;

import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.user.User;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /users/me/sessions: the caller's live sessions, and revoking one of them. */
@Path("/users/me/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
@Tag(name = OpenApiDefinition.TAG_SESSIONS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
@APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
public class SessionResource {

    /** A session as the API shows it; {@code current} marks the one the calling token belongs to. */
    @RegisterForReflection
    public record SessionView(
            UUID id,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            String userAgent,
            String ipAddress,
            boolean current) {}

    private final SessionService sessions;
    private final Caller caller;

    SessionResource(SessionService sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "listSessions",
            summary = "The caller's live sessions",
            description = "One entry per login that is neither revoked nor expired; `current` marks the session of "
                    + "the calling access token.")
    @APIResponse(
            responseCode = "200",
            description = "The live sessions",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = SessionView.class)))
    public List<SessionView> list() {
        UUID sid = caller.sessionId();
        return sessions.listLive(caller.userId()).stream()
                .map(s -> new SessionView(
                        s.id, s.createdAt, s.lastUsedAt, s.expiresAt, s.userAgent, s.ipAddress, s.id.equals(sid)))
                .toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "revokeSession",
            summary = "Revoke one of the caller's sessions",
            description = "Its refresh token and its access tokens (by sid) die; the other sessions live on.")
    @APIResponse(responseCode = "204", description = "The session is revoked")
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public void revoke(@Parameter(description = "Session id") @PathParam("id") UUID id) {
        sessions.revokeOwn(caller.userId(), id);
    }
}
