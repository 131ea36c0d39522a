package io.jwtauth.user;

import io.jwtauth.common.Emails;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The predictability rule, a much simpler cousin of zxcvbn: the parts of a password an attacker guesses first
 * (repeats, keyboard / alphabet / number sequences, the most common passwords, the email's words, the service's
 * name) are struck out, and enough characters must be left.
 */
final class PasswordRules {

    /** What an attacker tries first; each names itself in the refusal message. */
    enum Kind {
        REPEAT("repeats (aaaa, abab)"),
        SEQUENCE("sequences (abcd, 4321, qwerty, 1qaz)"),
        COMMON_WORD("common passwords"),
        EMAIL("words of the email address"),
        SERVICE_NAME("the service's name");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** How many characters survive once the predictable parts are struck out, and which kinds were struck. */
    record Analysis(int unpredictable, Set<Kind> kinds) {}

    /**
     * Runs of keys and symbols typed in order (US layout), read forwards and backwards: the rows, shifted digits,
     * the columns typed top to bottom ("1qaz2wsx"), and the alphabet and the digits.
     */
    private static final List<String> SEQUENCES = withReversed(List.of(
            "`1234567890-=",
            "qwertyuiop[]\\",
            "asdfghjkl;'",
            "zxcvbnm,./",
            "~!@#$%^&*()_+",
            "1qaz",
            "2wsx",
            "3edc",
            "4rfv",
            "5tgb",
            "6yhn",
            "7ujm",
            "8ik,",
            "9ol.",
            "0p;/",
            "abcdefghijklmnopqrstuvwxyz",
            "0123456789"));

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final int patternMinLength;
    private final int minUnpredictable;
    private final List<String> serviceWords;
    private final List<String> commonWords;

    /**
     * @param patternMinLength shortest repeat, sequence, common word or email word that is struck out
     * @param minUnpredictable characters that must be left
     * @param serviceWords     the service's names, struck out whatever their length
     * @param commonWords      the most common passwords, struck out where they appear inside a longer one
     */
    PasswordRules(int patternMinLength, int minUnpredictable, List<String> serviceWords, List<String> commonWords) {
        this.patternMinLength = patternMinLength;
        this.minUnpredictable = minUnpredictable;
        this.serviceWords = serviceWords.stream()
                .map(PasswordRules::lower)
                .filter(w -> !w.isBlank())
                .toList();
        this.commonWords = commonWords.stream()
                .map(PasswordRules::lower)
                .filter(w -> w.length() >= patternMinLength)
                .distinct()
                .toList();
    }

    /** Why the password is too predictable, naming what was struck out; empty when enough is left. */
    Optional<String> refusal(String password, String email) {
        Analysis analysis = analyse(password, email);
        if (analysis.unpredictable() >= minUnpredictable) {
            return Optional.empty();
        }
        List<String> struck = analysis.kinds().stream().map(k -> k.description).toList();
        String named = struck.size() == 1
                ? struck.get(0)
                : String.join(", ", struck.subList(0, struck.size() - 1)) + " and " + struck.get(struck.size() - 1);
        return Optional.of("is too predictable: apart from " + named + ", fewer than " + minUnpredictable
                + " characters are left");
    }

    Analysis analyse(String password, String email) {
        String lower = lower(password);
        boolean[] struck = new boolean[password.length()];
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        // compared as typed: folding case would turn "TrTr" in a random string into a repeat
        strikeRepeats(password, struck, kinds);
        strikeSequences(lower, struck, kinds);
        strikeWords(lower, commonWords, Kind.COMMON_WORD, struck, kinds);
        strikeWords(lower, emailWords(email), Kind.EMAIL, struck, kinds);
        strikeWords(lower, serviceWords, Kind.SERVICE_NAME, struck, kinds);
        int left = 0;
        for (int i = 0; i < password.length(); i++) {
            if (!struck[i] && !Character.isLowSurrogate(password.charAt(i))) {
                left++;
            }
        }
        return new Analysis(left, kinds);
    }

    /** Stretches made of at least two copies of one chunk ("aaaa", "abab", "iloveyouiloveyou"), whole. */
    private void strikeRepeats(String password, boolean[] struck, Set<Kind> kinds) {
        int n = password.length();
        for (int period = 1; period <= n / 2; period++) {
            int matched = 0;
            for (int i = period; i <= n; i++) {
                if (i < n && password.charAt(i) == password.charAt(i - period)) {
                    matched++;
                    continue;
                }
                if (matched >= period && matched + period >= patternMinLength) {
                    strike(struck, i - matched - period, i, Kind.REPEAT, kinds);
                }
                matched = 0;
            }
        }
    }

    private void strikeSequences(String lower, boolean[] struck, Set<Kind> kinds) {
        for (String sequence : SEQUENCES) {
            int start = 0;
            for (int i = 1; i <= lower.length(); i++) {
                if (i < lower.length() && follows(sequence, lower.charAt(i - 1), lower.charAt(i))) {
                    continue;
                }
                if (i - start >= patternMinLength) {
                    strike(struck, start, i, Kind.SEQUENCE, kinds);
                }
                start = i;
            }
        }
    }

    private static boolean follows(String sequence, char previous, char next) {
        int at = sequence.indexOf(previous);
        return at >= 0 && at + 1 < sequence.length() && sequence.charAt(at + 1) == next;
    }

    private static void strikeWords(String lower, List<String> words, Kind kind, boolean[] struck, Set<Kind> kinds) {
        for (String word : words) {
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                strike(struck, at, at + word.length(), kind, kinds);
            }
        }
    }

    /**
     * The local part's words and their concatenation ("ada.lovelace" gives ada, lovelace, adalovelace), and the
     * domain's labels; words shorter than a pattern are dropped, so "a@b.io" strikes nothing.
     */
    private List<String> emailWords(String email) {
        if (email == null) {
            return List.of();
        }
        String lower = lower(Emails.normalise(email));
        int at = lower.lastIndexOf('@');
        List<String> local = List.of(NOT_LETTER_OR_DIGIT.split(at < 0 ? lower : lower.substring(0, at)));
        List<String> words = new ArrayList<>(local);
        words.add(String.join("", local));
        if (at >= 0) {
            words.addAll(List.of(NOT_LETTER_OR_DIGIT.split(lower.substring(at + 1))));
        }
        return words.stream()
                .filter(w -> w.length() >= patternMinLength)
                .distinct()
                .toList();
    }

    private static void strike(boolean[] struck, int from, int to, Kind kind, Set<Kind> kinds) {
        for (int i = from; i < to; i++) {
            struck[i] = true;
        }
        kinds.add(kind);
    }

    /** Lower case one char at a time, so indices match the password's ("İ".toLowerCase() has two chars). */
    private static String lower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static List<String> withReversed(List<String> sequences) {
        List<String> both = new ArrayList<>(sequences);
        sequences.forEach(s -> both.add(new StringBuilder(s).reverse().toString()));
        return List.copyOf(both);
    }
}
