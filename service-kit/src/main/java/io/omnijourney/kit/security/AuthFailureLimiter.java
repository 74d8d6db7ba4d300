package io.omnijourney.kit.security;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per client address in a fixed window; an address that reached the limit is refused
 * until its window ends, before any key is looked up. Memory is bounded: at most {@code maxAddresses} are tracked;
 * when full, expired windows are dropped first, then arbitrary ones (an attacker spread over that many addresses
 * loses some counts, nothing grows).
 */
public final class AuthFailureLimiter {

    private final int maxFailures;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One address's failures since {@code startNanos}. */
    private record Window(long startNanos, int failures) {
    }

    public AuthFailureLimiter(int maxFailures, Duration window, int maxAddresses, LongSupplier nanoTime) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxAddresses < 1) {
            throw new IllegalArgumentException("failure limit, window and tracked addresses must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoTime = nanoTime;
    }

    public static AuthFailureLimiter of(ApiKeyConfig.FailureLimit config) {
        return new AuthFailureLimiter(config.maxFailures(), config.window(), config.maxAddresses(), System::nanoTime);
    }

    /** How long the address must wait before it may try again; empty when it may try now. */
    public Optional<Duration> refusal(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return Optional.empty();
        }
        long elapsed = nanoTime.getAsLong() - w.startNanos();
        if (elapsed >= windowNanos || w.failures() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(windowNanos - elapsed));
    }

    /** Records a failed authentication from the address. */
    public void failed(String address) {
        long now = nanoTime.getAsLong();
        if (!windows.containsKey(address) && windows.size() >= maxAddresses) {
            makeRoom(now);
        }
        windows.compute(address, (a, w) -> w == null || now - w.startNanos() >= windowNanos
                ? new Window(now, 1)
                : new Window(w.startNanos(), w.failures() == Integer.MAX_VALUE ? w.failures() : w.failures() + 1));
    }

    /** Addresses currently tracked. */
    public int tracked() {
        return windows.size();
    }

    private void makeRoom(long now) {
        windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
        Iterator<String> it = windows.keySet().iterator();
        while (windows.size() >= maxAddresses && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
