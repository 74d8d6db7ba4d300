package io.omnijourney.deploy;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which CRD API versions a Strimzi model property exists in, and in which it is required: Strimzi's model carries
 * {@code @PresentInVersions} and {@code @RequiredInVersions} on its getters (its CRD generator writes one schema per
 * API version from them). Their annotation types ship in a Strimzi artifact that is not served here, so the JVM drops
 * them; they are read from the class files instead.
 */
final class StrimziApiVersions {

    /** The API version deploy/ uses: the only one Strimzi 1.x serves. */
    static final String V1 = "v1";

    private static final List<String> ORDER = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");
    private static final String PRESENT = "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";
    private static final String REQUIRED = "Lio/strimzi/crdgenerator/annotations/RequiredInVersions;";
    private static final Map<Class<?>, Map<String, Marks>> CACHE = new ConcurrentHashMap<>();

    record Marks(String presentIn, String requiredIn) {
    }

    private StrimziApiVersions() {
    }

    /** True unless the getter is marked present only in API versions other than {@code version}. */
    static boolean present(Class<?> type, String getter, String version) {
        Marks marks = marks(type, getter);
        return marks == null || marks.presentIn() == null || matches(marks.presentIn(), version);
    }

    static boolean required(Class<?> type, String getter, String version) {
        Marks marks = marks(type, getter);
        return marks != null && marks.requiredIn() != null && matches(marks.requiredIn(), version);
    }

    /** Strimzi's version ranges: "v1beta2", "v1beta2+", "v1alpha1-v1beta2", comma-separated. */
    static boolean matches(String ranges, String version) {
        int v = ORDER.indexOf(version);
        for (String range : ranges.split(",")) {
            String r = range.trim();
            if (r.endsWith("+") && v >= ORDER.indexOf(r.substring(0, r.length() - 1))) {
                return true;
            }
            int dash = r.indexOf('-');
            if (dash > 0 && v >= ORDER.indexOf(r.substring(0, dash)) && v <= ORDER.indexOf(r.substring(dash + 1))) {
                return true;
            }
            if (r.equals(version)) {
                return true;
            }
        }
        return false;
    }

    private static Marks marks(Class<?> type, String getter) {
        for (Class<?> c = type; c != null && c.getName().startsWith("io.strimzi"); c = c.getSuperclass()) {
            Marks marks = CACHE.computeIfAbsent(c, StrimziApiVersions::read).get(getter);
            if (marks != null) {
                return marks;
            }
        }
        return null;
    }

    private static Map<String, Marks> read(Class<?> type) {
        Map<String, Marks> byGetter = new HashMap<>();
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return byGetter;
            }
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    String[] marks = new String[2];
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            int slot = annotation.equals(PRESENT) ? 0 : annotation.equals(REQUIRED) ? 1 : -1;
                            if (slot < 0) {
                                return null;
                            }
                            return new AnnotationVisitor(Opcodes.ASM9) {
                                @Override
                                public void visit(String key, Object value) {
                                    if (key.equals("value")) {
                                        marks[slot] = String.valueOf(value);
                                    }
                                }
                            };
                        }

                        @Override
                        public void visitEnd() {
                            if (marks[0] != null || marks[1] != null) {
                                byGetter.put(name, new Marks(marks[0], marks[1]));
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_CODE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byGetter;
    }
}
