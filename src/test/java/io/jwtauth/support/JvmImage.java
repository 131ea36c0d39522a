package io.jwtauth.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What {@code src/main/docker/Dockerfile.jvm} gives the JVM, read from its {@code ENV} lines. */
public final class JvmImage {

    public static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");
    /** Where the image keeps its class-data archive (the path in JAVA_OPTS_APPEND). */
    public static final String IMAGE_ARCHIVE = "/deployments/app-cds.jsa";

    private JvmImage() {
    }

    /** The value of {@code ENV name="..."}. */
    public static String env(String name) throws IOException {
        Matcher line = Pattern.compile("(?m)^ENV " + name + "=\"(.*)\"$").matcher(Files.readString(DOCKERFILE));
        if (!line.find()) {
            throw new AssertionError("Dockerfile.jvm: no ENV " + name);
        }
        return line.group(1);
    }

    /**
     * The {@code -XX} options the image's run-java.sh passes: the collector from GC_CONTAINER_OPTIONS, then those
     * of JAVA_OPTS_APPEND, with the image's archive replaced by {@code archive}.
     */
    public static List<String> xxOptions(Path archive) throws IOException {
        List<String> options = new ArrayList<>();
        for (String value : List.of(env("GC_CONTAINER_OPTIONS"), env("JAVA_OPTS_APPEND"))) {
            Stream.of(value.split(" ")).filter(o -> o.startsWith("-XX:"))
                    .map(o -> o.replace(IMAGE_ARCHIVE, archive.toString())).forEach(options::add);
        }
        return options;
    }
}
