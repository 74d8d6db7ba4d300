package io.omnijourney.infra;

import java.util.ArrayList;
import java.util.List;

final class JvmOptions {

    private JvmOptions() {
    }

    /** Accepts "768m" as well as "-Xmx768m". */
    static String maxHeap(String heap) {
        if (heap == null || heap.isBlank()) {
            throw new IllegalArgumentException("heap must not be blank");
        }
        return heap.startsWith("-Xmx") ? heap : "-Xmx" + heap;
    }

    static List<String> of(String heap, List<String> extra) {
        List<String> options = new ArrayList<>();
        options.add(maxHeap(heap));
        // On two cores the serial collector starts a broker seconds sooner than G1 and keeps RSS lower;
        // a GC named in the extra options wins (the JVM refuses two).
        if (extra.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
            options.add("-XX:+UseSerialGC");
        }
        // Dying fast beats a half-alive server that tests then wait on.
        options.add("-XX:+ExitOnOutOfMemoryError");
        options.add("-Djava.awt.headless=true");
        options.addAll(extra);
        return options;
    }
}
