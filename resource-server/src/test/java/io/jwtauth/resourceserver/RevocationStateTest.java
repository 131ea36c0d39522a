package io.jwtauth.resourceserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The receiver's rule (API.md "Revocation events") and when each entry is forgotten. */
class RevocationStateTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00.500Z");
    private static final long BEFORE = AT.getEpochSecond() - 60;
    private static final long AFTER = AT.getEpochSecond() + 1;

    private final RevocationState state = new RevocationState(Duration.ofMinutes(15), Duration.ofSeconds(30));

    @Test
    void aRevokedSessionRefusesItsTokensOnly() {
        apply(RevocationEvent.SESSION_REVOKED, "alice", "s1", null, null);
        assertEquals(Refusal.SESSION_REVOKED, state.refusal(token("alice", "s1", 1L, BEFORE)));
        assertNull(state.refusal(token("alice", "s2", 1L, BEFORE)));
    }

    @Test
    void revokedTokensRefuseEveryVersionBelowTheLatest() {
        apply(RevocationEvent.TOKENS_REVOKED, "bob", null, 5L, null);
        apply(RevocationEvent.TOKENS_REVOKED, "bob", null, 3L, null);
        assertEquals(Refusal.TOKENS_REVOKED, state.refusal(token("bob", "s", 4L, BEFORE)));
        assertNull(state.refusal(token("bob", "s", 5L, BEFORE)), "the version issued after the revocation");
        assertNull(state.refusal(token("carol", "s", 0L, BEFORE)), "another subject");
    }

    @Test
    void aTokenWithoutVersionIsRefusedWhenIssuedNoLaterThanTheRevocationsSecond() {
        apply(RevocationEvent.TOKENS_REVOKED, "client-1", null, 2L, null);
        assertEquals(Refusal.TOKENS_REVOKED, state.refusal(token("client-1", "c", null, BEFORE)));
        assertEquals(Refusal.TOKENS_REVOKED, state.refusal(token("client-1", "c", null, AT.getEpochSecond())));
        assertNull(state.refusal(token("client-1", "c", null, AFTER)));
    }

    @Test
    void aDisabledSubjectIsRefusedUntilEnabled() {
        apply(RevocationEvent.SUBJECT_DISABLED, "dave", null, null, null);
        assertEquals(Refusal.SUBJECT_DISABLED, state.refusal(token("dave", "s", 9L, AFTER)));
        apply(RevocationEvent.SUBJECT_ENABLED, "dave", null, null, null);
        assertNull(state.refusal(token("dave", "s", 9L, AFTER)));
    }

    @Test
    void aRetiredKeyRefusesItsTokensAndTheHeaderIsReadOnlyOnceAKeyIsRetired() {
        AtomicInteger reads = new AtomicInteger();
        TokenFacts signedWithOld = new TokenFacts("erin", "s", 1L, BEFORE, BEFORE + 900, () -> {
            reads.incrementAndGet();
            return "old";
        });
        assertNull(state.refusal(signedWithOld));
        assertEquals(0, reads.get());

        apply(RevocationEvent.KEY_RETIRED, null, null, null, "old");
        assertEquals(Refusal.KEY_RETIRED, state.refusal(signedWithOld));
        assertNull(state.refusal(new TokenFacts("erin", "s", 1L, BEFORE, BEFORE + 900, () -> "new")));
    }

    @Test
    void aTokenClaimingALongerLifetimeThanRememberedIsRefused() {
        assertNull(state.refusal(new TokenFacts("f", "s", 1L, BEFORE, BEFORE + 900, () -> null)));
        assertEquals(
                Refusal.LIFETIME_TOO_LONG,
                state.refusal(new TokenFacts("f", "s", 1L, BEFORE, BEFORE + 901, () -> null)));
    }

    @Test
    void everyEntryIsForgottenOnceNoTokenItCouldAffectIsStillValid() {
        apply(RevocationEvent.SESSION_REVOKED, "g", "s1", null, null);
        apply(RevocationEvent.TOKENS_REVOKED, "g", null, 2L, null);
        apply(RevocationEvent.SUBJECT_DISABLED, "h", null, null, null);
        apply(RevocationEvent.KEY_RETIRED, null, null, null, "k");
        Instant lastValid = AT.plus(Duration.ofMinutes(15)).plusSeconds(30);

        state.forgetExpired(lastValid);
        assertEquals(
                Map.of("revokedSessions", 1, "subjectsWithRevokedTokens", 1, "disabledSubjects", 1, "retiredKeys", 1),
                state.sizes());

        state.forgetExpired(lastValid.plusMillis(1));
        assertEquals(
                Map.of("revokedSessions", 0, "subjectsWithRevokedTokens", 0, "disabledSubjects", 0, "retiredKeys", 0),
                state.sizes());
    }

    @Test
    void aLaterRevocationOfTheSameSubjectKeepsItLonger() {
        apply(RevocationEvent.TOKENS_REVOKED, "i", null, 2L, null);
        state.apply(
                new RevocationEvent("2", RevocationEvent.TOKENS_REVOKED, "i", null, 3L, null, AT.plusSeconds(600)), AT);
        state.forgetExpired(AT.plus(Duration.ofMinutes(20)));
        assertEquals(Refusal.TOKENS_REVOKED, state.refusal(token("i", "s", 2L, BEFORE)));
    }

    @Test
    void anEventWithoutTimeCountsFromItsReceipt() {
        Instant received = AT.plusSeconds(3600);
        state.apply(new RevocationEvent("1", RevocationEvent.SESSION_REVOKED, "j", "s1", null, null, null), received);
        state.forgetExpired(AT.plus(Duration.ofMinutes(30)));
        assertEquals(Refusal.SESSION_REVOKED, state.refusal(token("j", "s1", 1L, BEFORE)));
    }

    @Test
    void unknownEventTypesAndIncompleteEventsChangeNothing() {
        apply("password_rotated", "k", "s1", 9L, null);
        apply(RevocationEvent.SESSION_REVOKED, "k", null, null, null);
        apply(RevocationEvent.TOKENS_REVOKED, "k", null, null, null);
        assertNull(state.refusal(token("k", "s1", 1L, BEFORE)));
        assertEquals(
                0, state.sizes().values().stream().mapToInt(Integer::intValue).sum());
    }

    private void apply(String type, String sub, String sid, Long ver, String kid) {
        state.apply(new RevocationEvent("1", type, sub, sid, ver, kid, AT), AT);
    }

    private static TokenFacts token(String sub, String sid, Long ver, long iat) {
        return new TokenFacts(sub, sid, ver, iat, iat + 900, () -> "kid");
    }
}
