package io.jwtauth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** GET /.well-known/jwks.json: the public verification keys, for services that verify tokens offline. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final KeyRing keys;

    JwksResource(KeyRing keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", "public, max-age=300").build();
    }
}
