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

    /** The names of the parts that are not ready; empty when all are. */
    public List<String> notReady() {
        if (checks.isEmpty()) {
            return List.of("start-up");
        }
        return checks.stream().filter(check -> !check.getValue().getAsBoolean()).map(Map.Entry::getKey).toList();
    }
}
