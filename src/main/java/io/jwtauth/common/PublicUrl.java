package io.jwtauth.common;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The service's public base URL ({@code auth.public-url}), from configuration only: absolute URLs handed to clients
 * (the OAuth metadata, the links in mails) are built from it, never from the Host or X-Forwarded-* headers of a request, which a client chooses. A value that
 * is no absolute http(s) URL without query or fragment refuses start-up, with one line naming the setting.
 */
@Singleton
public class PublicUrl {

    private static final String SETTING = "AUTH_PUBLIC_URL (auth.public-url)";

    private final AuthConfig config;

    PublicUrl(AuthConfig config) {
        this.config = config;
    }

    static void check(@Observes @Priority(1) StartupEvent event, AuthConfig config) {
        try {
            base(config.publicUrl());
        } catch (IllegalArgumentException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    /** The absolute URL of a path of this service ({@code /oauth/token}). */
    public String of(String path) {
        return base(config.publicUrl()) + path;
    }

    /** The configured URL without a trailing slash; refuses anything but an absolute http(s) URL. */
    static String base(String configured) {
        URI uri;
        try {
            uri = new URI(configured.strip());
        } catch (URISyntaxException e) {
            throw invalid(configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(configured);
        }
        String base = uri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    private static IllegalArgumentException invalid(String configured) {
        return new IllegalArgumentException(SETTING + ": '" + configured
                + "' is not an absolute http(s) URL without query or fragment (e.g. https://auth.example.com)");
    }
}
