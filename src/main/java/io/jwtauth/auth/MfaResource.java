package io.jwtauth.auth;

import io.jwtauth.common.BearerErrors;
import io.jwtauth.common.Caller;
import io.jwtauth.common.ClientResolver;
import io.jwtauth.common.OpenApiDefinition;
import io.jwtauth.common.PlainText;
import io.jwtauth.mfa.MfaEnrolment;
import io.jwtauth.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /users/me/mfa: the caller enrols a TOTP authenticator, confirms it, or turns MFA off. */
@Path("/users/me/mfa")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ROLE_USER)
@Tag(name = OpenApiDefinition.TAG_USERS)
@SecurityRequirement(name = OpenApiDefinition.BEARER)
@BearerErrors
public class MfaResource {

    /** The secret and its otpauth URI, shown this once. */
    @RegisterForReflection
    record TotpEnrolmentResponse(String secret, String otpauthUri) {}

    @RegisterForReflection
    record ConfirmRequest(
            @NotBlank @PlainText @Size(max = 64) String code) {}

    /** Shown this once; each code works once. */
    @RegisterForReflection
    record RecoveryCodesResponse(List<String> recoveryCodes) {}

    @RegisterForReflection
    record DisableRequest(
            @NotNull @PlainText String currentPassword,
            @NotBlank @PlainText @Size(max = 64) String code) {}

    private final MfaEnrolment enrolment;
    private final MfaDisabling disabling;
    private final Caller caller;
    private final ClientResolver clients;

    MfaResource(MfaEnrolment enrolment, MfaDisabling disabling, Caller caller, ClientResolver clients) {
        this.enrolment = enrolment;
        this.disabling = disabling;
        this.caller = caller;
        this.clients = clients;
    }

    @POST
    @Path("/totp")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(
            operationId = "enrolTotp",
            summary = "Start enrolling an authenticator app",
            description = "A new TOTP secret (SHA-1, 6 digits, 30 s), shown this once as base32 and as an otpauth URI "
                    + "for a QR code. Pending until confirmed with a first code; asking again replaces a pending one.")
    @APIResponse(
            responseCode = "200",
            description = "The pending authenticator",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TotpEnrolmentResponse.class)))
    @APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
    @APIResponse(responseCode = "409", description = "mfa_already_enabled — turn it off first")
    public Response begin() {
        MfaEnrolment.Pending pending = enrolment.begin(caller.userId());
        return Response.ok(new TotpEnrolmentResponse(pending.secret(), pending.otpauthUri()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("/totp/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "confirmTotp",
            summary = "Confirm the authenticator with a first code: MFA on",
            description = "Turns MFA on, answers with 10 single-use recovery codes (shown this once) and revokes "
                    + "every other session of the account; the caller's stays.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ConfirmRequest.class),
                            examples = @ExampleObject(name = "confirm", value = "{\"code\":\"492039\"}")))
    @APIResponse(
            responseCode = "200",
            description = "MFA is on",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RecoveryCodesResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid_mfa_code, validation_failed, malformed_request — the code does not match the "
                    + "pending authenticator (or none is pending), or the body is not valid")
    @APIResponse(responseCode = "403", ref = OpenApiDefinition.FORBIDDEN)
    @APIResponse(responseCode = "409", description = "mfa_already_enabled")
    public Response confirm(@Valid @NotNull ConfirmRequest request) {
        List<String> codes = enrolment.confirm(caller.userId(), caller.sessionId(), request.code());
        return Response.ok(new RecoveryCodesResponse(codes))
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "disableMfa",
            summary = "Turn MFA off",
            description = "Needs the current password and a code from the authenticator (or a recovery code); a notice "
                    + "is mailed. Wrong passwords and codes are throttled like logins (429 with Retry-After).")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DisableRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "disable",
                                            value = "{\"currentPassword\":\"correct horse battery staple\","
                                                    + "\"code\":\"492039\"}")))
    @APIResponse(responseCode = "204", description = "MFA is off")
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(
            responseCode = "403",
            description = "invalid_credentials, forbidden — the password or the code is wrong (or MFA is off), or "
                    + "the token lacks the role user")
    @APIResponse(responseCode = "429", ref = OpenApiDefinition.TOO_MANY_ATTEMPTS)
    public Response disable(@Valid @NotNull DisableRequest request, @Context HttpServerRequest http) {
        disabling.disable(caller.claims(), request.currentPassword(), request.code(), clients.resolve(http));
        return Response.noContent().build();
    }
}
