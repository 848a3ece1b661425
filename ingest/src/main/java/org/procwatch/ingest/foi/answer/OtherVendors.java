package org.procwatch.ingest.foi.answer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * The other vendors an answer may name, each with the words that name it: the CCTV makers of
 * {@code cctv-vendors.txt}, and every watchlist entity that is not Hikvision's or Dahua's (Huawei, ZTE,
 * Hytera ...; Lorex, whose tie to Dahua has ended), which enrich's matcher then links to their listed firms.
 */
final class OtherVendors {

    private static final String VENDORS = "cctv-vendors.txt";

    private OtherVendors() {
    }

    static Map<String, Pattern> of(List<WatchlistEntity> watchlist, LocalDate today) {
        Map<String, List<String>> names = new LinkedHashMap<>(bundled());
        FirmTerms firms = FirmTerms.of(watchlist, today);
        for (WatchlistEntity entity : watchlist) {
            if (firms.named(entity.getName()).isEmpty() && !entity.getRelation().name().equals("parent")) {
                List<String> words = new ArrayList<>();
                words.add(entity.getName());
                words.addAll(entity.getAliases());
                // Reported by its shortest Latin name, as an answer would write it ("Huawei", not its legal name).
                String shown = words.stream().filter(word -> word.matches("[\\p{IsLatin}\\p{N} .&'-]+"))
                        .min(Comparator.comparingInt(String::length)).orElse(entity.getName());
                names.computeIfAbsent(shown, name -> new ArrayList<>()).addAll(words);
            }
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        names.forEach((shown, words) -> patterns.put(shown, FirmTerms.anyOf(words)));
        return patterns;
    }

    private static Map<String, List<String>> bundled() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        try (InputStream in = OtherVendors.class.getResourceAsStream(VENDORS)) {
            if (in == null) {
                throw new IllegalStateException(VENDORS + " is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    List<String> words = List.of(line.strip().split("\\|"));
                    names.put(words.getFirst(), new ArrayList<>(words));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + VENDORS, e);
        }
        return names;
    }
}
