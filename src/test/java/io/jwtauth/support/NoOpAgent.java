package io.jwtauth.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that registers a class-file transformer and changes nothing: the smallest stand-in for an APM or
 * tracing agent (OpenTelemetry, Datadog, ...). Registering a transformer switches on the JVM's class-file load
 * hook, which makes the JVM re-read every archived class from its jar as it loads it.
 */
public final class NoOpAgent implements ClassFileTransformer {

    /** Printed once the transformer is registered. */
    public static final String INSTALLED = "no-op agent: class-file transformer registered";

    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new NoOpAgent());
        System.out.println(INSTALLED);
    }

    @Override
    public byte[] transform(
            ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classfile) {
        return null; // no change
    }

    /** Writes the agent jar (this class and a manifest naming it) to {@code jar} and returns the path. */
    public static Path writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
        String entry = NoOpAgent.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream bytes = NoOpAgent.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
