package io.omnijourney.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Last lines of child log files, for exception messages that explain a failed start. */
final class LogTail {

    private static final int LINES = 40;

    private LogTail() {
    }

    static String of(Path... files) {
        return Stream.of(files).map(LogTail::tail).collect(Collectors.joining("\n"));
    }

    private static String tail(Path file) {
        if (!Files.exists(file)) {
            return "--- " + file + " (absent)";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
            return "--- last " + last.size() + " lines of " + file + "\n" + String.join("\n", last);
        } catch (IOException e) {
            return "--- " + file + " (unreadable: " + e.getMessage() + ")";
        }
    }
}
