package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.OpaqueTokens;
import io.jwtauth.common.PublicUrl;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The single-use tokens mailed to an address (password reset, email verification): 256 random bits from the shared
 * SecureRandom, stored only as SHA-256, one live token per account and purpose (a newer one replaces the older), used
 * up by the one request that consumes it. Their links are built from {@code auth.public-url} only.
 */
@ApplicationScoped
class AccountTokens {

    /** What a token is for (the value of its purpose column). */
    enum Purpose {
        PASSWORD_RESET("password_reset"),
        EMAIL_VERIFICATION("email_verification");

        final String column;

        Purpose(String column) {
            this.column = column;
        }
    }

    /** A new token: the link to mail, and how long it works (for the mail's text). */
    record Issued(String link, Duration lifespan) {

        /** What the link mail's template reads: the address, the link and its lifetime in words. */
        Map<String, String> mailValues(String email) {
            return Map.of("email", email, "link", link, "expiresIn", describe(lifespan));
        }
    }

    private final AccountTokenRepository rows;
    private final OpaqueTokens tokens;
    private final PublicUrl publicUrl;
    private final AuthConfig config;
    private final Clock clock;

    AccountTokens(
            AccountTokenRepository rows, OpaqueTokens tokens, PublicUrl publicUrl, AuthConfig config, Clock clock) {
        this.rows = rows;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.config = config;
        this.clock = clock;
    }

    /** A new token for the account, mailed to {@code email}; the account's older one of this purpose dies. */
    @Transactional(Transactional.TxType.MANDATORY)
    Issued issue(UUID userId, Purpose purpose, String email) {
        String token = tokens.generate();
        Duration lifespan = lifespan(purpose);
        Instant now = clock.instant();
        rows.replace(OpaqueTokens.hash(token), userId, purpose.column, email, now, now.plus(lifespan));
        String link = publicUrl.of(linkPath(purpose)) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return new Issued(link, lifespan);
    }

    /** Who holds this live token, without using it up (to refuse a dead one before any costly work). */
    @Transactional
    Optional<AccountTokenRepository.Holder> holder(String token, Purpose purpose) {
        return rows.find(OpaqueTokens.hash(token), purpose.column, clock.instant());
    }

    /** Uses the token up, in the caller's transaction: its holder, for exactly one of the requests presenting it. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<AccountTokenRepository.Holder> consume(String token, Purpose purpose) {
        return rows.consume(OpaqueTokens.hash(token), purpose.column, clock.instant());
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        int batch = config.purge().batchSize();
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> rows.purge(clock.instant(), batch));
        } while (deleted == batch);
    }

    /** "30 minutes", "48 hours": a lifespan as a mail says it. */
    private static String describe(Duration lifespan) {
        long minutes = lifespan.toMinutes();
        if (minutes % 60 == 0) {
            long hours = minutes / 60;
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    private Duration lifespan(Purpose purpose) {
        return switch (purpose) {
            case PASSWORD_RESET -> config.passwordReset().lifespan();
            case EMAIL_VERIFICATION -> config.emailVerification().lifespan();
        };
    }

    private String linkPath(Purpose purpose) {
        return switch (purpose) {
            case PASSWORD_RESET -> config.passwordReset().linkPath();
            case EMAIL_VERIFICATION -> config.emailVerification().linkPath();
        };
    }
}
