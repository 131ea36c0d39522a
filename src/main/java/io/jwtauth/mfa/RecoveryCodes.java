package io.jwtauth.mfa;

import io.jwtauth.user.PasswordPepper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Recovery codes: 80 random bits each, written {@code xxxx-xxxx-xxxx-xxxx} in lower-case base32; shown once at
 * enrolment, stored only as HMAC-SHA-256 under the password pepper (a stolen table cannot be tested offline), each
 * usable once. Dashes, spaces and case are ignored when one is presented.
 */
@ApplicationScoped
class RecoveryCodes {

    private static final String PURPOSE = "mfa-recovery-code";
    private static final int CHARACTERS = 16;
    private static final int GROUP = 4;
    private static final String ALPHABET = Base32.ALPHABET.toLowerCase(Locale.ROOT);
    private static final Pattern CODE = Pattern.compile("[a-z2-7]{" + CHARACTERS + "}");

    private final RecoveryCodeRepository codes;
    private final PasswordPepper pepper;
    private final SecureRandom random;

    RecoveryCodes(RecoveryCodeRepository codes, PasswordPepper pepper, SecureRandom random) {
        this.codes = codes;
        this.pepper = pepper;
        this.random = random;
    }

    /** {@code count} new codes for the account, replacing any it had; the only time they are seen in clear. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<String> replace(UUID userId, int count) {
        codes.deleteAll(userId);
        List<String> issued = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder code = new StringBuilder(CHARACTERS + CHARACTERS / GROUP);
            for (int c = 0; c < CHARACTERS; c++) {
                if (c > 0 && c % GROUP == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.insert(userId, hash(normalise(code.toString())));
            issued.add(code.toString());
        }
        return issued;
    }

    /** Uses one of the account's codes: true once per code, whoever races for it. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean use(UUID userId, String presented) {
        String code = normalise(presented);
        return CODE.matcher(code).matches() && codes.use(userId, hash(code));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void deleteAll(UUID userId) {
        codes.deleteAll(userId);
    }

    private byte[] hash(String normalisedCode) {
        return pepper.mac(PURPOSE, normalisedCode);
    }

    private static String normalise(String presented) {
        StringBuilder kept = new StringBuilder(CHARACTERS);
        for (int i = 0; i < presented.length() && kept.length() <= CHARACTERS; i++) {
            char c = presented.charAt(i);
            if (c != '-' && c != ' ') {
                kept.append(Character.toLowerCase(c));
            }
        }
        return kept.toString();
    }
}
