package io.jwtauth.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.Problems;
import io.jwtauth.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * /revocations: the revocation event log for the APIs that verify our tokens offline (role {@code resource-server}) —
 * a snapshot, a long poll after a cursor, or a Server-Sent Events stream.
 */
@Path("/revocations")
@RolesAllowed(User.ROLE_RESOURCE_SERVER)
@Tag(name = OpenApiDefinition.TAG_REVOCATIONS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
@APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
public class RevocationEventResource {

    private static final String CURSOR = "0|[1-9][0-9]{0,17}";
    private static final java.util.regex.Pattern CURSOR_PATTERN = java.util.regex.Pattern.compile(CURSOR);
    private static final String EVENT_EXAMPLE = "{\"id\":\"1042\",\"type\":\"session_revoked\","
            + "\"sub\":\"6f1c2b7e-3a51-4f0e-9d3e-0c9f4b8e2a11\",\"sid\":\"0b7e5c1d-9a2f-4e63-8c1b-5d2f7a9e4c30\","
            + "\"at\":\"2026-11-30T09:15:02.184Z\"}";

    /** One event. {@code id} is the cursor, a string of digits. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(
            name = "RevocationEvent",
            requiredProperties = {"id", "type", "at"})
    public record EventView(
            @Schema(description = "The cursor after this event (digits, as a string)", example = "1042")
            String id,

            @Schema(
                    enumeration = {
                        "session_revoked",
                        "tokens_revoked",
                        "subject_disabled",
                        "subject_enabled",
                        "key_retired"
                    })
            String type,

            @Schema(description = "The subject (user or client id); absent for key_retired")
            UUID sub,

            @Schema(description = "session_revoked: the session whose tokens die")
            UUID sid,

            @Schema(description = "tokens_revoked: tokens of sub with a lower ver die")
            Integer ver,

            @Schema(description = "key_retired: tokens signed with this key die")
            String kid,

            Instant at) {

        static EventView of(RevocationEvent e) {
            return new EventView(String.valueOf(e.id()), e.type().code(), e.sub(), e.sid(), e.ver(), e.kid(), e.at());
        }
    }

    /** Events by id, and the cursor to continue from with {@code ?after=}. */
    @RegisterForReflection
    @Schema(
            name = "RevocationEvents",
            requiredProperties = {"events", "cursor"})
    public record EventsResponse(
            List<EventView> events,

            @Schema(description = "Pass as after= to get what follows", example = "1042")
            String cursor) {

        static EventsResponse of(RevocationFeed.Page page) {
            return new EventsResponse(
                    page.events().stream().map(EventView::of).toList(), String.valueOf(page.cursor()));
        }
    }

    private final RevocationFeed feed;
    private final Caller caller;
    private final ObjectMapper json;

    RevocationEventResource(RevocationFeed feed, Caller caller, ObjectMapper json) {
        this.feed = feed;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            operationId = "readRevocations",
            summary = "Revocation events: a snapshot, or those after a cursor (long poll)",
            description = "Without `after`: every revocation that can still matter (younger than the access-token "
                    + "lifetime plus clock skew), then the cursor. With `after`: the events after it, waiting up to "
                    + "`wait` seconds for the next one and answering as soon as it commits. At most a page of events "
                    + "per answer (auth.revocation-events.page-size); when full, the rest follows at once with "
                    + "`?after=cursor`. The receiver refuses a token whose sid was revoked, whose ver is below its "
                    + "subject's latest tokens_revoked.ver, or whose subject is disabled.")
    @APIResponse(
            responseCode = "200",
            description = "The events and the cursor after them",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventsResponse.class)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(
            responseCode = "410",
            description = "cursor_expired — events after this cursor may have been pruned: take a snapshot")
    public Uni<EventsResponse> read(
            @Parameter(
                            description = "A cursor from an earlier answer or event; absent: the snapshot",
                            schema = @Schema(type = SchemaType.STRING, pattern = CURSOR))
                    @QueryParam("after")
                    @Pattern(regexp = CURSOR, message = "must be a cursor from an earlier answer (digits)")
                    String after,
            @Parameter(
                            description = "With after: seconds to wait for the next event, 0 to 30",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "0",
                                            maximum = "30",
                                            defaultValue = "0"))
                    @QueryParam("wait")
                    @DefaultValue("0")
                    @Pattern(regexp = "[0-9]|[12][0-9]|30", message = "must be a whole number of seconds from 0 to 30")
                    String wait) {
        if (after == null) {
            return Uni.createFrom().item(EventsResponse.of(feed.snapshot()));
        }
        return feed.poll(Long.parseLong(after), Duration.ofSeconds(Integer.parseInt(wait)))
                .map(EventsResponse::of);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            operationId = "streamRevocations",
            summary = "Revocation events as Server-Sent Events",
            description = "Without Last-Event-ID: the snapshot, then every new event as it commits; with it: the "
                    + "events after that cursor, then the new ones. Each event is `id: <cursor>` and `data: <event "
                    + "JSON>`. When the snapshot or the resumed events have been sent, a message with only `id: "
                    + "<cursor>` and the comment `live` follows (so Last-Event-ID is right even when there was no "
                    + "event); a comment line `heartbeat` every auth.revocation-events.heartbeat (15 s). The stream "
                    + "ends when the caller's access token expires, or when the caller falls too far behind: "
                    + "reconnect with a fresh token and Last-Event-ID.")
    @APIResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING),
                            example = "id:1042\ndata:" + EVENT_EXAMPLE + "\n\n:live\nid:1042\n\n:heartbeat\n\n"))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(
            responseCode = "410",
            description = "cursor_expired — events after Last-Event-ID may have been pruned: reconnect without it "
                    + "(a snapshot)")
    public Multi<OutboundSseEvent> stream(
            @Parameter(
                            description = "Resume after this cursor (what the stream last sent as id)",
                            schema = @Schema(type = SchemaType.STRING, pattern = CURSOR))
                    @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
        OptionalLong resume = OptionalLong.empty();
        if (lastEventId != null) {
            if (!CURSOR_PATTERN.matcher(lastEventId).matches()) {
                throw Problems.invalidField("Last-Event-ID", "must be a cursor the stream sent as id (digits)");
            }
            resume = OptionalLong.of(Long.parseLong(lastEventId));
        }
        Instant until = caller.expiresAt();
        return feed.stream(resume, until).map(item -> {
            if (item instanceof RevocationFeed.Event e) {
                return sse.newEventBuilder()
                        .id(String.valueOf(e.event().id()))
                        .data(String.class, toJson(EventView.of(e.event())))
                        .build();
            }
            if (item instanceof RevocationFeed.CaughtUp c) {
                return sse.newEventBuilder()
                        .id(String.valueOf(c.cursor()))
                        .comment("live")
                        .build();
            }
            return sse.newEventBuilder().comment("heartbeat").build();
        });
    }

    private String toJson(EventView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
