package io.jwtauth.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every tunable of the service, under the {@code auth.} prefix; defaults documented in application.properties. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    AccessToken accessToken();

    RefreshToken refreshToken();

    Session session();

    Password password();

    Registration registration();

    PasswordReset passwordReset();

    EmailVerification emailVerification();

    Revocation revocation();

    RevocationEvents revocationEvents();

    Purge purge();

    Throttle throttle();

    DeviceToken deviceToken();

    ServiceAccount client();

    Keys keys();

    Mail mail();

    Mfa mfa();

    Admin admin();

    NewDevice newDevice();

    /**
     * The service's public base URL as its clients reach it (e.g. {@code https://auth.example.com}, perhaps with a
     * path prefix): the absolute URLs of the OAuth metadata document are built from it, never from request headers.
     * An absolute http(s) URL without query or fragment; anything else refuses start-up. Defaults to the issuer.
     */
    String publicUrl();

    /**
     * IPs or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (see {@link ClientResolver}); empty =
     * the connection's address is the client. An entry that is not an IP or CIDR range refuses start-up.
     */
    @WithName("trusted-proxies")
    Optional<List<String>> trustedProxies();

    /** Allowed clock skew, in seconds, for exp / iat / nbf of access tokens. */
    @WithDefault("30")
    int clockSkew();

    /** Bearer tokens longer than this many bytes are refused before being parsed. */
    @WithDefault("8192")
    int maxTokenBytes();

    interface Keys {
        /**
         * How often the key files (SMALLRYE_JWT_SIGN_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION) are re-read; also
         * the JWK Set's {@code max-age}, so that a published key reaches verifiers within two intervals.
         */
        @WithDefault("10s")
        Duration reloadInterval();
    }

    interface AccessToken {
        /** Lifetime of an access token. */
        @WithDefault("900s")
        Duration lifespan();

        /**
         * Bearer tokens whose verdict (verified, or refused for good) is remembered by SHA-256 for up to a minute, so a
         * token presented again is not parsed or verified again.
         */
        @WithDefault("2000")
        int verdictCacheSize();
    }

    interface RefreshToken {
        /** Lifetime of one refresh token (never beyond its session's absolute expiry). */
        @WithDefault("7d")
        Duration lifespan();

        /** A rotated token presented again within this window gets the same successor; 0 = strict. */
        @WithDefault("10s")
        Duration reuseGrace();

        /** Whether the refresh cookie carries the Secure attribute (only ever false for plain-HTTP local work). */
        @WithDefault("true")
        boolean cookieSecure();
    }

    interface Session {
        /** Absolute lifetime of a session (a login); rotation never extends it. */
        @WithDefault("30d")
        Duration maxLifespan();
    }

    interface Password {
        /** Minimum password length in characters (NIST SP 800-63B-4: at least 15 for single-factor). */
        @WithDefault("15")
        int minLength();

        /** Maximum password length in characters. */
        @WithDefault("128")
        int maxLength();

        /**
         * Characters a password must keep once its predictable parts are struck out: repeats, keyboard / alphabet /
         * digit sequences, the most common passwords, the email's words and the service's name (8: NIST's minimum
         * for a password that is not the only factor, about half the default minimum length).
         */
        @WithDefault("8")
        int minUnpredictable();

        /** Shortest repeat, sequence, common password or email word that counts as predictable inside a password. */
        @WithDefault("4")
        int patternMinLength();

        /**
         * How many of the most common passwords (the first entries of the bundled list, most frequent first) are
         * struck out where they appear inside a longer password; not all of them, since passphrase words are on it.
         */
        @WithDefault("1000")
        int commonWords();

        /** Names of this service that a password must not lean on, compared case-insensitively. */
        @WithDefault("jwt-auth,jwtauth,jwt auth")
        List<String> contextWords();

        /** bcrypt cost factor (log2 rounds); lower-cost hashes are upgraded at the next login. */
        @WithDefault("12")
        int bcryptCost();

        /** Threads that run bcrypt (the bulkhead); 0 = one per CPU. */
        @WithDefault("0")
        int hashingThreads();

        /** Password checks (logins) that may wait for a bcrypt thread; beyond that, 503 with Retry-After. */
        @WithDefault("32")
        int hashingQueue();

        /**
         * Hashes of new passwords (registrations, password changes) that may wait for a bcrypt thread; they run only
         * when no password check is waiting, so they never delay a login.
         */
        @WithDefault("32")
        int newPasswordQueue();

        /**
         * The secret mixed into every password before bcrypt (HMAC-SHA-256), at least 32 bytes; required in prod,
         * generated in dev and test. Changing it invalidates every stored password.
         */
        Optional<String> pepper();
    }

    interface Registration {
        /** Whether POST /auth/register is open. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether login waits for a verified email: before it, a correct password gets 403 email_unverified (a
         * wrong one still gets 401, so nothing is revealed without the password).
         */
        @WithDefault("false")
        boolean requireVerifiedEmail();
    }

    interface PasswordReset {
        /** How long a password-reset link works (once). */
        @WithDefault("30m")
        Duration lifespan();

        /**
         * The path, under {@code auth.public-url}, of the page that takes the reset link's {@code ?token=} and posts
         * it with the new password to POST /auth/password-reset/confirm (the team's front end serves it).
         */
        @WithDefault("/reset-password")
        String linkPath();
    }

    interface EmailVerification {
        /** How long an email-verification link works (once). */
        @WithDefault("48h")
        Duration lifespan();

        /** The path, under {@code auth.public-url}, of the page that posts the link's token to POST /auth/verify-email. */
        @WithDefault("/verify-email")
        String linkPath();
    }

    interface Revocation {
        /** Cached user / session state is re-read from the database at least this often (safety net). */
        @WithDefault("30s")
        Duration recheckInterval();

        /** Maximum number of users and of sessions held in the verification cache. */
        @WithDefault("20000")
        int cacheSize();

        /** PostgreSQL LISTEN/NOTIFY channel on which instances announce revocations. */
        @WithDefault("auth_revocation")
        String channel();

        /**
         * How long a revocation may go unnoticed on an instance, beyond the request that notices it (API.md
         * promises 2 s). Cached state is trusted while the listener confirmed within this time that it has heard
         * every announcement; otherwise (a stalled or reconnecting listener) state read longer ago is re-read.
         */
        @WithDefault("1s")
        Duration maxStaleness();

        /** How often the listener pings its connection; each answer confirms it. Well below max-staleness. */
        @WithDefault("250ms")
        Duration pingInterval();

        /**
         * Connect and read timeout of the listener's connection: a ping unanswered this long re-opens it. Long
         * enough for a ping on a loaded database; the 2 s promise does not wait for it (max-staleness bounds a
         * stall).
         */
        @WithDefault("3s")
        Duration listenerTimeout();
    }

    interface RevocationEvents {
        /**
         * How long events are kept beyond the access-token lifetime plus clock skew (after which no token they could
         * affect is valid) before the purge job deletes them: room for instances whose clocks disagree.
         */
        @WithDefault("1m")
        Duration retentionMargin();

        /**
         * Most events in one answer (a snapshot, a long poll) and in one read of the log. A full answer's cursor is its
         * last event's, and the rest follows at once with {@code ?after=cursor}.
         */
        @WithDefault("1000")
        int pageSize();

        /** How often a stream sends a comment line when nothing else is sent, so proxies and readers see it alive. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * While the listener is not confirmed live, how often an instance with waiting readers looks for new events in
         * the table itself, so that an event still reaches them within 2 s (one read per instance, not per reader).
         */
        @WithDefault("500ms")
        Duration fallbackPollInterval();

        /**
         * Events a stream may have waiting to be sent; a reader that falls further behind is disconnected, and
         * resumes with Last-Event-ID.
         */
        @WithDefault("10000")
        int streamBuffer();
    }

    interface Throttle {
        /** Failed logins per (email, client network) before waits begin. */
        @WithDefault("5")
        int loginMaxFailures();

        /** Failed logins per client network (any email, known or not) before waits begin. */
        @WithDefault("50")
        int ipMaxFailures();

        /**
         * Failed logins per account, from any address, before waits begin; a client presenting the account's device
         * token is exempt, so these waits never lock the owner out.
         */
        @WithDefault("10")
        int accountMaxFailures();

        /** Registrations (successful or refused) per client network before waits begin. */
        @WithDefault("20")
        int registrationMaxPerClient();

        /** Registrations (successful or refused) across the whole service per {@code registration-global-window}. */
        @WithDefault("300")
        int registrationGlobalMax();

        /** The window of {@code registration-global-max}. */
        @WithDefault("1m")
        Duration registrationGlobalWindow();

        /** Password-reset requests per address (known or not) before waits begin. */
        @WithDefault("3")
        int passwordResetMaxPerEmail();

        /** Password-reset requests per client network (any address) before waits begin. */
        @WithDefault("20")
        int passwordResetMaxPerClient();

        /** Verification mails an account may ask for (POST /users/me/email/verification) before waits begin. */
        @WithDefault("3")
        int verificationMailMaxPerAccount();

        /** The first wait; each further failure doubles it. */
        @WithDefault("1s")
        Duration baseDelay();

        /** The longest wait: there is never an outright lock. */
        @WithDefault("15m")
        Duration maxDelay();

        /** Attempts older than this are forgotten (so no wait outlasts it either). */
        @WithDefault("15m")
        Duration decay();
    }

    interface ServiceAccount {
        /**
         * How long a verified client secret is remembered after its last use (in memory, as its keyed hash): within
         * it the client authenticates again (a token request, an introspection with its credentials) without a
         * database round trip or a throttle count, so failures others cause on its client id do not slow it down.
         * Revocation never waits for it: a remembered secret is accepted only while its credential is live.
         */
        @WithDefault("15m")
        Duration rememberFor();

        /** Verified client secrets remembered at most (the least recently used are forgotten first). */
        @WithDefault("10000")
        int rememberedMax();
    }

    interface Mail {
        /**
         * A directory whose files replace the bundled mail templates without a rebuild: {@code <dir>/<template>/}
         * {@code subject.txt}, {@code text.txt} or {@code html.html}; a file that is not there is taken from the
         * bundled set. Read when a mail is rendered, so a changed file applies to the next mail.
         */
        Optional<String> templatesDir();

        /** How often every instance looks for mails that are due (new ones, or retries whose wait is over). */
        @WithDefault("1s")
        String pollInterval();

        /** Mails one instance claims at a time; the rest wait for the next claim (by this or another instance). */
        @WithDefault("20")
        int batchSize();

        /** Attempts to send a mail before it is given up (marked failed, logged, counted). */
        @WithDefault("10")
        int maxAttempts();

        /**
         * The wait before the second attempt; it doubles for every further one. Also how long a claimed mail is left
         * to its sender before another instance may try it (never less than twice {@code quarkus.mailer.timeout}).
         */
        @WithDefault("30s")
        Duration retryBaseDelay();

        /** The longest wait between two attempts. */
        @WithDefault("1h")
        Duration retryMaxDelay();

        /** How long sent and given-up mails are kept (recipient, template, times; never their values) before the purge. */
        @WithDefault("7d")
        Duration keepDone();
    }

    interface Mfa {
        /**
         * The AES-256 key (base64 of 32 bytes) that TOTP secrets are stored encrypted under (AES-GCM); required in
         * prod, generated in dev and test. Changing it makes every enrolled authenticator unusable (admins then reset
         * MFA for the affected accounts).
         */
        Optional<String> encryptionKey();

        /** The issuer shown by authenticator apps beside the account (the otpauth URI's label and issuer). */
        @WithDefault("jwt-auth")
        String issuer();

        /** How long the {@code mfa_token} of a login that needs its second factor lives. */
        @WithDefault("5m")
        Duration tokenLifespan();

        /** Wrong codes one {@code mfa_token} may take; the last one kills it (log in again). */
        @WithDefault("5")
        int tokenMaxFailures();

        /** Recovery codes handed out at enrolment, each usable once. */
        @WithDefault("10")
        int recoveryCodes();
    }

    interface Admin {
        /** Whether admin endpoints refuse access tokens without {@code otp} in {@code amr} (403 mfa_required). */
        @WithDefault("false")
        boolean requireMfa();
    }

    interface NewDevice {
        /**
         * A successful login from a device and network (/24, /64) not seen for the account for this long mails a
         * new-sign-in notice; device and network pairs idle for longer are forgotten.
         */
        @WithDefault("90d")
        Duration window();
    }

    interface DeviceToken {
        /** How long a device token (returned at login) exempts its client from the per-account login throttle. */
        @WithDefault("90d")
        Duration lifespan();

        /** Device tokens kept per account; the oldest beyond this are dropped. */
        @WithDefault("10")
        int perAccount();
    }

    interface Purge {
        /** Rows deleted per statement by the purge jobs (expired sessions and tokens, old revocation events). */
        @WithDefault("1000")
        int batchSize();

        /** How often the purge jobs run. */
        @WithDefault("10m")
        String every();
    }
}
