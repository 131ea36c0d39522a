package io.jwtauth.client;

import io.jwtauth.user.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Service accounts' credentials, and the accounts with their subjects. */
@ApplicationScoped
class ClientRepository implements PanacheRepositoryBase<Client, UUID> {

    /** A service account: its subject and its credential. */
    record Account(User subject, Client credential) {}

    /**
     * The credential, its row locked until the transaction ends: a rotation, a deletion and a client authentication
     * that opens a new credential session apply one after the other.
     */
    Optional<Client> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Every service account, oldest first. */
    List<Account> listAccounts() {
        return getEntityManager()
                .createQuery(
                        "select u, c from User u join Client c on c.id = u.id order by u.createdAt, u.id",
                        Object[].class)
                .getResultList()
                .stream()
                .map(row -> new Account((User) row[0], (Client) row[1]))
                .toList();
    }
}
