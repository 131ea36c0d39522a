package io.jwtauth.auth;

import io.jwtauth.common.AuthenticationMethods;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.mfa.SecondFactor;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The second step of a login with MFA on (POST /auth/login/mfa): the mfa_token of the first step and a TOTP code or a
 * recovery code. The attempt is counted by {@link Throttle} before the code is checked, like a password (keys of
 * its own, see there), and on the mfa_token ({@link MfaChallenges}); the code is used up by {@link SecondFactor}. The
 * token's row is locked while its code is checked, so one mfa_token opens at most one session.
 */
@ApplicationScoped
class MfaLogin {

    /** The second factor presented: exactly one of the two. */
    record Presented(String totpCode, String recoveryCode) {}

    private final MfaChallenges challenges;
    private final SecondFactor secondFactor;
    private final Throttle throttle;
    private final DeviceTokens devices;
    private final UserRepository users;
    private final LoginService login;

    MfaLogin(
            MfaChallenges challenges,
            SecondFactor secondFactor,
            Throttle throttle,
            DeviceTokens devices,
            UserRepository users,
            LoginService login) {
        this.challenges = challenges;
        this.secondFactor = secondFactor;
        this.throttle = throttle;
        this.devices = devices;
        this.users = users;
        this.login = login;
    }

    LoginService.LoggedIn complete(String mfaToken, Presented presented, String deviceToken, ClientInfo client) {
        Account account = account(challenges.accountOf(mfaToken), deviceToken);
        Throttle.Reservation reservation =
                throttle.reserve("login_mfa", throttle.secondFactor(account.id(), client, account.knownDevice()));
        return check(mfaToken, presented, reservation, account.knownDevice() ? deviceToken : null, client);
    }

    /** The account and whether the client presented one of its device tokens. */
    record Account(UUID id, boolean knownDevice) {}

    @Transactional
    Account account(UUID userId, String deviceToken) {
        User user = users.findById(userId);
        return new Account(userId, devices.isKnownDevice(deviceToken, user.email));
    }

    /** Under the mfa_token's row lock: a wrong code is counted on it (and stays counted by the throttle). */
    @Transactional(dontRollbackOn = ProblemException.class)
    LoginService.LoggedIn check(
            String mfaToken,
            Presented presented,
            Throttle.Reservation reservation,
            String knownDeviceToken,
            ClientInfo client) {
        MfaChallenge challenge = challenges.lock(mfaToken);
        boolean right = presented.totpCode() != null
                ? secondFactor.useTotp(challenge.userId(), presented.totpCode())
                : secondFactor.useRecoveryCode(challenge.userId(), presented.recoveryCode());
        if (!right) {
            throw challenges.failed(challenge);
        }
        challenges.passed(challenge);
        return login.open(
                reservation,
                users.findById(challenge.userId()),
                null,
                knownDeviceToken,
                client,
                AuthenticationMethods.PASSWORD_AND_CODE);
    }
}
