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

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per size, after as long a warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() {
        List<WatchlistEntity> bundled = WatchlistFile.bundled();
        SyntheticWatchlist synthetic = new SyntheticWatchlist(VOCABULARY, new SplittableRandom(11));
        List<String> queries = queries(bundled, synthetic, new SplittableRandom(7));
        // The first measurement would otherwise pay for compiling the matcher.
        run(new VendorMatcher(bundled), queries, seconds);
        System.out.printf(Locale.ROOT, "%-10s %10s %12s %14s %10s%n", "names", "entities", "index (ms)", "names/s", "matched");
        int bundledNames = bundled.stream().mapToInt(entity -> 1 + entity.getAliases().size()).sum();
        for (int size : sizes) {
            List<WatchlistEntity> watchlist = new ArrayList<>(bundled);
            watchlist.addAll(synthetic.entities(Math.max(0, size - bundledNames), new SplittableRandom(size)));
            long built = System.nanoTime();
            VendorMatcher matcher = new VendorMatcher(watchlist);
            long indexMillis = (System.nanoTime() - built) / 1_000_000;
            // The collector would otherwise go on marking the new index, on a core the measured thread needs,
            // through the first seconds measured (as JMH's -gc true, a collection between build and measurement).
            System.gc();
            run(matcher, queries, seconds);
            long[] result = run(matcher, queries, seconds);
            System.out.printf(Locale.ROOT, "%-10d %10d %12d %,14.0f %9.1f%%%n", Math.max(size, bundledNames), watchlist.size(), indexMillis,
                    result[0] / (seconds * 1.0), 100.0 * result[1] / result[0]);
        }
        return 0;
    }

    /** Matches names round-robin for the given time; returns names matched and names with a match. */
    private static long[] run(VendorMatcher matcher, List<String> queries, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
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
        return new long[] {names, hits};
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
