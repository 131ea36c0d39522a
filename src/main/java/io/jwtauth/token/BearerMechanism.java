package io.jwtauth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.common.Sha256;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;

/**
 * SmallRye JWT's bearer mechanism, remembering what it refused: a token refused for a reason that cannot change
 * (bad signature or kid, malformed, wrong claims, expired, revoked) is kept by its SHA-256 for a minute and, if
 * presented again, refused at once, without parsing or verifying it again. A stream of distinct forgeries still
 * costs one RSA verification each — the same as a valid token.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class BearerMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "Bearer ";
    private static final int REMEMBERED = 10_000;
    private static final Duration REMEMBER_FOR = Duration.ofMinutes(1);

    private final JWTAuthMechanism delegate;
    private final Cache<ByteBuffer, TokenRejection.Reason> refused = Caffeine.newBuilder()
            .maximumSize(REMEMBERED).expireAfterWrite(REMEMBER_FOR).build();

    BearerMechanism(JWTAuthMechanism delegate) {
        this.delegate = delegate;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return delegate.authenticate(context, identityProviderManager);
        }
        ByteBuffer key = ByteBuffer.wrap(Sha256.of(header.substring(PREFIX.length()).strip()));
        TokenRejection.Reason known = refused.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().failure(TokenRejection.rejected(known));
        }
        return delegate.authenticate(context, identityProviderManager).onFailure().invoke(failure -> {
            TokenRejection.Reason reason = TokenRejection.reasonOf(failure);
            if (reason.isPermanent()) {
                refused.put(key, reason);
            }
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return delegate.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return delegate.getCredentialTransport(context);
    }
}
