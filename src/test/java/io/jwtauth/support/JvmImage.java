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

    private JvmImage() {}

    /** The value of {@code ENV name="..."}. */
    public static String env(String name) throws IOException {
        Matcher line = Pattern.compile("(?m)^ENV " + name + "=\"(.*)\"$").matcher(Files.readString(DOCKERFILE));
        if (!line.find()) {
            throw new AssertionError("Dockerfile.jvm: no ENV " + name);
        }
        return line.group(1);
    }

    /**
     * What the base image's run-java.sh always passes besides the collector (its java-default-options, in
     * jboss-container-images/openjdk), less the maximum heap it derives from the container's memory limit.
     */
    static final List<String> BASE_IMAGE_DEFAULTS = List.of(
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-XX:GCTimeRatio=4",
            "-XX:AdaptiveSizePolicyWeight=90",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * The {@code -XX} options the image's JVM runs with: the base image's defaults, the collector from
     * GC_CONTAINER_OPTIONS, then those of JAVA_OPTS_APPEND, with the image's archive replaced by {@code archive}.
     */
    public static List<String> xxOptions(Path archive) throws IOException {
        List<String> options = new ArrayList<>(BASE_IMAGE_DEFAULTS);
        for (String value : List.of(env("GC_CONTAINER_OPTIONS"), env("JAVA_OPTS_APPEND"))) {
            Stream.of(value.split(" "))
                    .filter(o -> o.startsWith("-XX:"))
                    .map(o -> o.replace(IMAGE_ARCHIVE, archive.toAbsolutePath().toString()))
                    .forEach(options::add);
        }
        return options;
    }
}
