package io.omnijourney.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time used by each process of the system (this JVM's descendants), read from {@code /proc}: what a benchmark
 * reports as CPU per event, a figure far less sensitive to a busy machine than latency is. Empty where there is no
 * {@code /proc} (the benchmark then prints no CPU line).
 */
public final class ProcessCpu {

    private static final Pattern SERVICE = Pattern.compile("([a-z]+-service)/target");
    private static final Pattern INFRA = Pattern.compile("InfraMain\u0000(kafka|mongo|sinks)");
    /** USER_HZ: clock ticks per second of utime and stime; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds used so far, user and system, per named process (services by module, infrastructure by role). */
    public static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        seconds.put("load generator", ticks(ProcessHandle.current().pid()) / TICKS_PER_SECOND);
        ProcessHandle.current().descendants().forEach(process -> {
            String name = name(process.pid());
            if (name != null) {
                seconds.merge(name, ticks(process.pid()) / TICKS_PER_SECOND, Double::sum);
            }
        });
        seconds.values().removeIf(v -> v < 0);
        return seconds;
    }

    /** Per process, the CPU milliseconds used between the two snapshots for each of {@code events}. */
    public static String perEvent(Map<String, Double> before, Map<String, Double> after, int events) {
        StringBuilder line = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += used;
            line.append(String.format(java.util.Locale.ROOT, "%s %.2f, ", e.getKey(), used * 1000 / events));
        }
        return line.append(String.format(java.util.Locale.ROOT, "total %.2f", total * 1000 / events)).toString();
    }

    private static String name(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            Matcher service = SERVICE.matcher(cmdline);
            if (service.find()) {
                return service.group(1);
            }
            Matcher infra = INFRA.matcher(cmdline);
            if (infra.find()) {
                return switch (infra.group(1)) {
                    case "kafka" -> "kafka broker";
                    case "mongo" -> "mongodb server";
                    default -> "sinks";
                };
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** utime + stime of the process, in clock ticks; -1 when it cannot be read (gone, or no /proc). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
