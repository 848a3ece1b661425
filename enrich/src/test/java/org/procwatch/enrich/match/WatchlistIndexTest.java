package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchlistIndexTest {

    @Test
    void aDeletionHashEqualsTheHashOfTheWordWithThatLetterDeleted() {
        String word = "hikvision";
        long[] hashes = WatchlistIndex.deletionHashes(word);

        for (int i = 0; i < word.length(); i++) {
            String deleted = word.substring(0, i) + word.substring(i + 1);
            assertThat(hashes[i + 1]).as("without letter %d", i).isEqualTo(WatchlistIndex.deletionHashes(deleted)[0]);
        }
    }

    @Test
    void wordsOneEditOrSwapApartShareADeletionHash() {
        for (List<String> pair : List.of(List.of("hikvision", "hikvison"), List.of("hikvision", "hikvisoin"),
                List.of("kaspersky", "kaspresky"), List.of("hytera", "hytrea"), List.of("hikvision", "hikvisxon"))) {
            long[] a = WatchlistIndex.deletionHashes(pair.get(0));
            long[] b = WatchlistIndex.deletionHashes(pair.get(1));
            assertThat(Arrays.stream(a).anyMatch(h -> Arrays.stream(b).anyMatch(g -> g == h))).as("%s", pair).isTrue();
        }
    }
}
