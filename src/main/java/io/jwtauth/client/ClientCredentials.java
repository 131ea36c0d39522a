package io.jwtauth.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClockTicker;
import io.jwtauth.session.AccessTokenChecks;
import io.jwtauth.session.SessionRepository;
import io.jwtauth.session.SessionService;
import io.jwtauth.session.SessionState;
import io.jwtauth.session.SessionStates;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.jwtauth.user.UserState;
import io.jwtauth.user.UserStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Whether a client id and secret are a service account's, and what a token for it needs: its roles, tokenVersion and
 * live credential — the session standing for the secret, whose id becomes the token's {@code sid}. A credential
 * session that died otherwise than by rotation (a token of it revoked, the client's tokenVersion bumped, its absolute
 * lifespan reached) is replaced at the next authentication: the secret still holds, the tokens issued before do not.
 * An unknown client id costs the same work as a wrong secret (one lookup, one keyed hash, one comparison) and gets the
 * same answer: none.
 *
 * <p>A verified secret is remembered in memory, as its keyed hash, so the client authenticating again (a token
 * request, an introspection with its credentials) costs no database round trip. It is accepted from memory only while
 * its credential session is live in the verify-time caches — by the rule that accepts access tokens — and a rotation
 * or deletion revokes that session, which reaches every instance within 2 s; otherwise it is verified again.
 */
@ApplicationScoped
public class ClientCredentials {

    /** An authenticated service account, as its next access token will carry it. */
    public record Credential(UUID clientId, UUID credentialId, Set<String> roles, int tokenVersion) {}

    /** A remembered secret: the client id and the secret's keyed hash. */
    private record Remembered(UUID clientId, ByteBuffer secretHash) {}

    /** Looked up for a client id that is no UUID: no client has it, and the lookup costs what any other does. */
    private static final UUID NO_CLIENT = new UUID(0, 0);

    private final ClientRepository clients;
    private final ClientSecrets secrets;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionService sessionService;
    private final UserStates userStates;
    private final SessionStates sessionStates;
    private final Clock clock;
    /** A credential is replaced when it would die before a token issued now expires. */
    private final Duration tokenLifetime;

    private final Cache<Remembered, UUID> remembered;

    ClientCredentials(
            ClientRepository clients,
            ClientSecrets secrets,
            UserRepository users,
            SessionRepository sessions,
            SessionService sessionService,
            UserStates userStates,
            SessionStates sessionStates,
            Clock clock,
            AuthConfig config) {
        this.clients = clients;
        this.secrets = secrets;
        this.users = users;
        this.sessions = sessions;
        this.sessionService = sessionService;
        this.userStates = userStates;
        this.sessionStates = sessionStates;
        this.clock = clock;
        this.tokenLifetime = config.accessToken().lifespan().plusSeconds(config.clockSkew());
        this.remembered = Caffeine.newBuilder()
                .ticker(ClockTicker.of(clock))
                .maximumSize(config.client().rememberedMax())
                .expireAfterAccess(config.client().rememberFor())
                .build();
    }

    /**
     * The credential, if this secret was verified before and its credential is live in the verify-time caches now.
     * Never touches the database: empty means "not known here now" (see {@link #rememberedOrLoaded}), not "wrong".
     */
    public Optional<Credential> remembered(String clientId, String secret) {
        return remembered(clientId, secret, false);
    }

    /**
     * The same, loading the subject's and the credential's state when the caches cannot vouch for them (blocking):
     * a secret verified before is not verified, nor counted by the throttle, again.
     */
    public Optional<Credential> rememberedOrLoaded(String clientId, String secret) {
        return remembered(clientId, secret, true);
    }

    private Optional<Credential> remembered(String clientId, String secret, boolean mayLoad) {
        UUID id = uuid(clientId);
        if (id == null) {
            return Optional.empty();
        }
        UUID credentialId = remembered.getIfPresent(new Remembered(id, ByteBuffer.wrap(secrets.hash(secret))));
        if (credentialId == null) {
            return Optional.empty();
        }
        UserState subject = userStates.peek(id);
        SessionState credential = sessionStates.peek(credentialId);
        if ((subject == null || credential == null) && mayLoad) {
            subject = subject != null ? subject : userStates.load(id);
            credential = credential != null ? credential : sessionStates.load(credentialId);
        }
        if (subject == null || credential == null) {
            return Optional.empty(); // not trusted now (or gone)
        }
        // the rule that accepts access tokens, for a token issued now: accepted now and when it expires
        AccessTokenClaims issuedNow = new AccessTokenClaims(id, credentialId, subject.tokenVersion(), 0);
        if (!AccessTokenChecks.accepts(
                issuedNow, subject, credential, clock.instant().plus(tokenLifetime))) {
            return Optional.empty();
        }
        return Optional.of(new Credential(id, credentialId, subject.view().roles(), subject.tokenVersion()));
    }

    /**
     * Verifies the secret against the stored hash (the credential's row locked) and returns the client's live
     * credential, opening a new credential session if the last one died; empty for an unknown client or a wrong
     * secret alike.
     */
    @Transactional
    public Optional<Credential> verify(String clientId, String secret) {
        UUID id = uuid(clientId);
        Optional<Client> client = clients.findForUpdate(id != null ? id : NO_CLIENT);
        byte[] presented = secrets.hash(secret);
        if (!ClientSecrets.matches(client.map(c -> c.secretHash).orElse(null), presented)) {
            return Optional.empty();
        }
        User subject = users.findById(id);
        if (subject == null || !subject.enabled) {
            return Optional.empty();
        }
        UUID credentialId = liveCredential(client.get(), subject);
        remembered.put(new Remembered(id, ByteBuffer.wrap(presented)), credentialId);
        return Optional.of(new Credential(id, credentialId, subject.roleSet(), subject.tokenVersion));
    }

    /** The client's credential session if a token issued now would outlive nothing of it; else a new one. */
    private UUID liveCredential(Client client, User subject) {
        Instant lastsUntil = clock.instant().plus(tokenLifetime);
        boolean live = client.sessionId != null
                && sessions.findByIdOptional(client.sessionId)
                        .map(SessionState::of)
                        .filter(s -> s.isLive(lastsUntil, subject.tokenVersion))
                        .isPresent();
        if (!live) {
            client.sessionId = sessionService.openCredential(subject);
            clients.update(client);
        }
        return client.sessionId;
    }

    /** The client id as a UUID, or null when it is none (then no client has it). */
    private static UUID uuid(String clientId) {
        try {
            return clientId == null || clientId.length() != 36 ? null : UUID.fromString(clientId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
