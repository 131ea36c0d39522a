package io.jwtauth.common;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text as a person types it: no C0 control character (U+0000 to U+001F: NUL, tab, newline, ESC, ...) and no
 * unpaired UTF-16 surrogate. PostgreSQL refuses NUL (a 500 before this rule), control characters forge log lines
 * and make look-alike keys, and a lone surrogate cannot be encoded as UTF-8 at all. Null is valid (combine with
 * {@code @NotNull} where the field is required).
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    String MESSAGE = "must not contain control characters or broken Unicode";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Bean Validation's side of {@link PlainText}. */
    class Validator implements ConstraintValidator<PlainText, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return isPlain(value);
        }

        /** The rule itself, also for text that does not pass through Bean Validation. */
        public static boolean isPlain(CharSequence text) {
            if (text == null) {
                return true;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++; // the pair's low half
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
