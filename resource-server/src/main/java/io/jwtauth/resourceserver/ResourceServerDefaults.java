package io.jwtauth.resourceserver;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults for MicroProfile JWT that follow from {@code jwt-auth.url}: the verification keys are the auth service's
 * JWKS. Ordinal 50, below an application's {@code application.properties} (250) and {@code
 * microprofile-config.properties} (100), so an application may set any of them itself.
 */
public final class ResourceServerDefaults implements ConfigSourceFactory {

    static final int ORDINAL = 50;
    static final String NAME = "jwt-auth-resource-server-defaults";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> defaults = new HashMap<>();
        // The JWKS is re-read every 10 minutes (SmallRye's default is 60): a key the auth service retired leaves the
        // cache before its key_retired event is forgotten (token lifetime plus skew, see RevocationState).
        defaults.put("smallrye.jwt.jwks.refresh-interval", "10");
        // The auth service's JWK Set says max-age = its key reload interval (10 s), so the cached set expires that
        // often; while the service cannot be reached, keep verifying under the last set read (for up to an hour
        // before trying again) rather than refusing every token: the staleness policy decides the rest.
        defaults.put("smallrye.jwt.jwks.retain-cache-on-error-duration", "60");
        // Always set, so that Quarkus never generates a dev/test key pair in its place. When jwt-auth.url is not among
        // the sources this factory sees (it may come from a source added later, such as a test resource), the
        // expression reads it when the location is looked up; without any jwt-auth.url, start-up fails naming it.
        ConfigValue url = context.getValue("jwt-auth.url");
        boolean known = url != null && url.getValue() != null && !url.getValue().isBlank();
        defaults.put(
                "mp.jwt.verify.publickey.location",
                (known ? withoutTrailingSlash(url.getValue()) : "${jwt-auth.url:}") + "/.well-known/jwks.json");
        return List.of(new PropertiesConfigSource(defaults, NAME, ORDINAL));
    }

    /** {@code http://auth:8080/} and {@code http://auth:8080} name the same service; paths are appended to either. */
    static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
