package io.jwtauth.client;

import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.Revocations;
import io.jwtauth.session.SessionRepository;
import io.jwtauth.session.SessionService;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Service accounts, as an admin manages them: created with a name and roles ({@code resource-server} and any role a
 * user may hold) and a secret shown once; the secret rotated (the old one and every token issued with it die: its
 * credential session is revoked); deleted (every token dies: tokenVersion + 1, the subject disabled and kept as a
 * tombstone so a cached state refuses its tokens without a query, the credential gone).
 */
@ApplicationScoped
class ClientAdministration {

    /** A service account with its secret, in the clear this once. */
    record WithSecret(ClientView client, String secret) {}

    private final ClientRepository clients;
    private final ClientSecrets secrets;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionService sessionService;
    private final Revocations revocations;
    private final SecurityEvents events;
    private final Clock clock;

    ClientAdministration(
            ClientRepository clients,
            ClientSecrets secrets,
            UserRepository users,
            SessionRepository sessions,
            SessionService sessionService,
            Revocations revocations,
            SecurityEvents events,
            Clock clock) {
        this.clients = clients;
        this.secrets = secrets;
        this.users = users;
        this.sessions = sessions;
        this.sessionService = sessionService;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    WithSecret create(UUID actor, String name, List<String> roles) {
        Instant now = clock.instant();
        User subject = new User();
        subject.id = UUID.randomUUID();
        subject.kind = User.Kind.CLIENT;
        subject.displayName = name.strip();
        subject.roles = known(roles).toArray(String[]::new);
        subject.enabled = true;
        subject.tokenVersion = 0;
        subject.createdAt = now;
        subject.updatedAt = now;
        users.insert(subject);
        String secret = secrets.generate();
        Client credential = new Client();
        credential.id = subject.id;
        credential.secretHash = secrets.hash(secret);
        credential.secretCreatedAt = now;
        credential.sessionId = sessionService.openCredential(subject);
        clients.insert(credential);
        events.adminAction(actor, "create_client", subject.id);
        return new WithSecret(ClientView.of(new ClientRepository.Account(subject, credential)), secret);
    }

    @Transactional
    List<ClientView> list() {
        return clients.listAccounts().stream().map(ClientView::of).toList();
    }

    /** A new secret; the old one and every token issued with it die. */
    @Transactional
    WithSecret rotate(UUID actor, UUID clientId) {
        Client credential = clients.findForUpdate(clientId).orElseThrow(ClientAdministration::notFound);
        User subject = users.findForUpdate(clientId);
        if (credential.sessionId != null) {
            sessions.findByIdOptional(credential.sessionId)
                    .ifPresent(s -> revocations.revokeSession(s, "client_secret_rotated", actor));
        }
        String secret = secrets.generate();
        credential.secretHash = secrets.hash(secret);
        credential.secretCreatedAt = clock.instant();
        credential.sessionId = sessionService.openCredential(subject);
        clients.update(credential);
        events.adminAction(actor, "rotate_client_secret", clientId);
        return new WithSecret(ClientView.of(new ClientRepository.Account(subject, credential)), secret);
    }

    /** Every token of the client dies (tokenVersion + 1) and its secret with its credential. */
    @Transactional
    void delete(UUID actor, UUID clientId) {
        Client credential = clients.findForUpdate(clientId).orElseThrow(ClientAdministration::notFound);
        User subject = users.findForUpdate(clientId);
        revocations.setEnabled(subject, false, "client_deleted", actor);
        clients.delete(credential.id);
        events.adminAction(actor, "delete_client", clientId);
    }

    private static Set<String> known(List<String> roles) {
        Set<String> known = new LinkedHashSet<>();
        for (String role : roles) {
            if (!User.CLIENT_ROLES.contains(role)) {
                throw Problems.invalidField(
                        "roles",
                        "unknown role '" + role + "'; a client may hold: "
                                + String.join(
                                        ", ",
                                        User.CLIENT_ROLES.stream().sorted().toList()));
            }
            known.add(role);
        }
        return known;
    }

    private static RuntimeException notFound() {
        return Problems.NOT_FOUND.exception("Client not found");
    }
}
