package io.jwtauth.mail;

import io.jwtauth.common.AuthConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The mail templates (Qute): bundled under {@code mail-templates/<name>/} on the class path, and any of their files
 * replaced by the same path under {@code auth.mail.templates-dir}, read when a mail is rendered (no rebuild, no
 * restart). The HTML part is parsed as text/html, so values are escaped there.
 */
@ApplicationScoped
class MailTemplates {

    /** A mail ready to send. */
    record Rendered(String subject, String text, String html) {}

    private enum Part {
        SUBJECT("subject.txt", Variant.TEXT_PLAIN),
        TEXT("text.txt", Variant.TEXT_PLAIN),
        HTML("html.html", Variant.TEXT_HTML);

        final String file;
        final Variant variant;

        Part(String file, String contentType) {
            this.file = file;
            this.variant = Variant.forContentType(contentType);
        }
    }

    private static final String BUNDLED = "mail-templates/";
    /** A template name is one path segment: it can never reach outside the templates' directories. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Engine engine;
    private final Optional<Path> overrides;

    MailTemplates(Engine engine, AuthConfig config) {
        this.engine = engine;
        this.overrides = config.mail().templatesDir().map(Path::of);
    }

    /** Whether a template of this name is bundled (every template is; the directory only replaces files). */
    boolean exists(String name) {
        return name != null
                && NAME.matcher(name).matches()
                && Thread.currentThread().getContextClassLoader().getResource(path(name, Part.SUBJECT)) != null;
    }

    Rendered render(String name, Map<String, String> values) {
        return new Rendered(
                render(name, Part.SUBJECT, values).strip(),
                render(name, Part.TEXT, values),
                render(name, Part.HTML, values));
    }

    private String render(String name, Part part, Map<String, String> values) {
        TemplateInstance instance =
                engine.parse(source(name, part), part.variant).instance();
        values.forEach(instance::data);
        return instance.render();
    }

    private String source(String name, Part part) {
        if (overrides.isPresent()) {
            Path file = overrides.get().resolve(name).resolve(part.file);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the mail template " + file, e);
                }
            }
        }
        try (InputStream in = bundled(name, part)) {
            if (in == null) {
                throw new IllegalStateException("The bundled mail template " + name + " has no " + part.file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream bundled(String name, Part part) {
        return Thread.currentThread().getContextClassLoader().getResourceAsStream(path(name, part));
    }

    private static String path(String name, Part part) {
        return BUNDLED + name + "/" + part.file;
    }
}
