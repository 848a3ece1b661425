package org.procwatch.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch bench-match}: how many party names per second one core matches, against the bundled
 * watchlist grown with synthetic firms ({@link SyntheticWatchlist}) to each number of names and aliases asked
 * for, as large official lists (the whole CSL, an OpenSanctions export) bring.
 */
@Command(name = "bench-match", mixinStandardHelpOptions = true,
        description = "Measures name matching on one thread against the bundled watchlist plus synthetic firms, at each number of names.")
public final class MatchBenchCommand implements Callable<Integer> {

    /** Distinctive words the synthetic names are made of: each in a handful of names at a million. */
    private static final int VOCABULARY = 500_000;

    @Option(names = "--names", split = ",", defaultValue = "1000,10000,100000,1000000", paramLabel = "N,...",
            description = "Names and aliases in the watchlist to measure at (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--seconds", defaultValue = "5",
            description = "Measured seconds per size, in one-second turns taken by the sizes in rotation, after as long a warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() {
        List<WatchlistEntity> bundled = WatchlistFile.bundled();
        SyntheticWatchlist synthetic = new SyntheticWatchlist(VOCABULARY, new SplittableRandom(11));
        List<String> queries = queries(bundled, synthetic, new SplittableRandom(7));
        int bundledNames = bundled.stream().mapToInt(entity -> 1 + entity.getAliases().size()).sum();
        List<Size> measured = new ArrayList<>();
        for (int size : sizes) {
            List<WatchlistEntity> watchlist = new ArrayList<>(bundled);
            watchlist.addAll(synthetic.entities(Math.max(0, size - bundledNames), new SplittableRandom(size)));
            long built = System.nanoTime();
            VendorMatcher matcher = new VendorMatcher(watchlist);
            measured.add(new Size(Math.max(size, bundledNames), watchlist.size(), (System.nanoTime() - built) / 1_000_000, matcher));
            System.err.printf(Locale.ROOT, "index of %,d names built%n", Math.max(size, bundledNames));
        }
        // The collector would otherwise go on marking the new indexes, on a core the measured thread needs, through the
        // first seconds measured (as JMH's -gc true, a collection between build and measurement).
        System.gc();
        for (Size size : measured) {
            run(size.matcher, queries, seconds * 1_000L); // the warm-up: the JIT compiles the matcher as each size uses it
        }
        // Each size measured in one-second turns, the sizes in rotation: this machine's speed drifts within minutes,
        // and the sizes measured one after another would compare different moments, not different sizes.
        for (int turn = 0; turn < seconds; turn++) {
            for (Size size : measured) {
                long[] result = run(size.matcher, queries, 1_000L);
                size.rates.add(result[0] * 1000.0 / result[2]);
                size.queried += result[0];
                size.withAMatch += result[1];
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %10s %12s %14s %20s %10s%n", "names", "entities", "index (ms)", "names/s", "turns' range", "matched");
        double fastest = 0;
        double slowest = Double.MAX_VALUE;
        for (Size size : measured) {
            List<Double> rates = size.rates.stream().sorted().toList();
            double median = rates.size() % 2 == 1 ? rates.get(rates.size() / 2)
                    : (rates.get(rates.size() / 2 - 1) + rates.get(rates.size() / 2)) / 2;
            fastest = Math.max(fastest, median);
            slowest = Math.min(slowest, median);
            System.out.printf(Locale.ROOT, "%-10d %10d %12d %,14.0f %,9.0f-%,-10.0f %9.1f%%%n", size.names, size.entities, size.indexMillis,
                    median, rates.getFirst(), rates.getLast(), 100.0 * size.withAMatch / size.queried);
        }
        System.out.printf(Locale.ROOT, "spread: %.2fx (the fastest size's median over the slowest's)%n", fastest / slowest);
        return 0;
    }

    /** A watchlist size under measurement: its index and the rate of each turn. */
    private static final class Size {
        final int names;
        final int entities;
        final long indexMillis;
        final VendorMatcher matcher;
        final List<Double> rates = new ArrayList<>();
        long queried;
        long withAMatch;

        Size(int names, int entities, long indexMillis, VendorMatcher matcher) {
            this.names = names;
            this.entities = entities;
            this.indexMillis = indexMillis;
            this.matcher = matcher;
        }
    }

    /** Matches names round-robin for the given time; returns names matched, names with a match and the milliseconds taken. */
    private static long[] run(VendorMatcher matcher, List<String> queries, long millis) {
        long started = System.nanoTime();
        long deadline = started + millis * 1_000_000L;
        long names = 0;
        long hits = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1000; i++) {
                if (!matcher.matchName(queries.get((int) (names % queries.size()))).isEmpty()) {
                    hits++;
                }
                names++;
            }
        }
        return new long[] {names, hits, Math.max(1, (System.nanoTime() - started) / 1_000_000)};
    }

    /** Supplier names as they come: mostly unrelated firms made of the same words, some watchlist names, some with typos. */
    private static List<String> queries(List<WatchlistEntity> bundled, SyntheticWatchlist synthetic, SplittableRandom random) {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                queries.add(bundled.get(random.nextInt(bundled.size())).getName());
            } else if (kind == 1) {
                String name = bundled.get(random.nextInt(bundled.size())).getName();
                int at = 3 + random.nextInt(Math.max(1, name.length() - 4));
                queries.add(name.substring(0, at) + name.substring(Math.min(name.length(), at + 1)));
            } else {
                queries.add(synthetic.firm(random));
            }
        }
        return queries;
    }
}
