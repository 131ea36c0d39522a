package io.jwtauth.resourceserver;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A protected API as an application writes it, with nothing of the library in it. */
@Path("/probe")
public class ProbeResource {

    @Inject
    JsonWebToken token;

    @GET
    @Path("/user")
    @RolesAllowed("user")
    public String user() {
        return token.getSubject();
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public String admin() {
        return token.getSubject();
    }
}
