package org.procwatch.launcher.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Whether every part of a running procwatch is ready: each part registers a check, and {@code /ready}
 * answers 200 only when all of them pass (and at least one exists).
 */
public final class Readiness {

    private final List<Map.Entry<String, BooleanSupplier>> checks = new CopyOnWriteArrayList<>();

    public void register(String name, BooleanSupplier check) {
        checks.add(Map.entry(name, check));
    }

    /**
     * A part that will exist but does not yet: not ready until {@link Pending#checkWith} gives its check, so
     * that {@code /ready} cannot pass in the moment before the part starts.
     */
    public Pending expect(String name) {
        Pending pending = new Pending();
        register(name, () -> pending.check.getAsBoolean());
        return pending;
    }

    /** A registered part waiting for its check. */
    public static final class Pending {

        private volatile BooleanSupplier check = () -> false;

        public void checkWith(BooleanSupplier check) {
            this.check = check;
        }
    }

    /** The names of the parts that are not ready; empty when all are. */
    public List<String> notReady() {
        if (checks.isEmpty()) {
            return List.of("start-up");
        }
        return checks.stream().filter(check -> !check.getValue().getAsBoolean()).map(Map.Entry::getKey).toList();
    }
}
