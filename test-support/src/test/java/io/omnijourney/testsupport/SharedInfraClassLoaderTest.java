package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Quarkus loads test-support again in each test application's class loader; the copies must all
 * reach the one broker and server owned by the system class loader's copy.
 */
class SharedInfraClassLoaderTest {

    @Test
    void aCopyInAnotherClassLoaderUsesTheSameServices() throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(testClassPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedInfra.class.getName());
            assertNotSame(SharedInfra.class, copy);

            assertEquals(SharedInfra.kafkaBootstrapServers(), copy.getMethod("kafkaBootstrapServers").invoke(null));
            assertEquals(SharedInfra.mongoConnectionString(), copy.getMethod("mongoConnectionString").invoke(null));
            assertEquals(SharedInfra.mode().name(), ((Enum<?>) copy.getMethod("mode").invoke(null)).name());
        }
    }

    /** Surefire may hand the class path over in a manifest-only jar; URLClassLoader follows its Class-Path. */
    private static URL[] testClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
    }
}
