package io.jwtauth.mfa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Checks a second factor and uses it up, in the caller's transaction: a TOTP code is accepted at most once (its time
 * step is recorded, and no earlier step is accepted after it), a recovery code only once. Concurrent uses of one code
 * are decided by the database: exactly one wins. Counting and throttling wrong codes is the caller's (the login's).
 */
@ApplicationScoped
public class SecondFactor {

    private final AuthenticatorRepository authenticators;
    private final RecoveryCodes recoveryCodes;
    private final TotpSecrets secrets;
    private final Clock clock;

    SecondFactor(
            AuthenticatorRepository authenticators, RecoveryCodes recoveryCodes, TotpSecrets secrets, Clock clock) {
        this.authenticators = authenticators;
        this.recoveryCodes = recoveryCodes;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A code from the account's authenticator app; false if wrong, already used, or there is no authenticator. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean useTotp(UUID userId, String code) {
        Optional<byte[]> sealed = authenticators.sealedSecret(userId);
        if (sealed.isEmpty()) {
            return false;
        }
        byte[] secret = secrets.open(userId, sealed.get());
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        return step.isPresent() && authenticators.useStep(userId, step.getAsLong());
    }

    /** One of the account's recovery codes; false if it is none of them (any more). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean useRecoveryCode(UUID userId, String code) {
        return recoveryCodes.use(userId, code);
    }
}
