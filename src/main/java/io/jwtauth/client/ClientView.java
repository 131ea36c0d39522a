package io.jwtauth.client;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A service account as the API shows it: never its secret nor a hash of it. */
@RegisterForReflection
public record ClientView(UUID clientId, String name, Set<String> roles, Instant createdAt, Instant secretCreatedAt) {

    static ClientView of(ClientRepository.Account account) {
        return new ClientView(
                account.subject().id,
                account.subject().displayName,
                account.subject().roleSet(),
                account.subject().createdAt,
                account.credential().secretCreatedAt);
    }
}
