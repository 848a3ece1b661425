package org.procwatch.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Firms as large official lists hold them, for measuring the matcher at their size: names of one to four
 * words drawn from a vocabulary of made-up words by a Zipf law (a few words in very many names, as
 * "Trading" or a city's name are, most in a few), a sector word and a legal form, and up to three aliases
 * (the name without its legal form, a former name, a name in Chinese characters). The same words make the
 * query names of unrelated firms, so that lookups meet the crowded words real lists have.
 */
final class SyntheticWatchlist {

    private static final String[] SYLLABLES = {"an", "bao", "chen", "da", "fu", "gao", "hai", "jin", "kang", "long", "mei", "ning",
            "ping", "qing", "rui", "sheng", "tai", "wei", "xin", "yuan", "zhong", "ar", "bel", "cor", "del", "fer", "gal", "hor",
            "ist", "kor", "lan", "mor", "nor", "ost", "pra", "ril", "sol", "tek", "val", "wen"};
    private static final String[] SECTORS = {"Technology", "Optics", "Electronics", "Imaging", "Systems", "Networks", "Security",
            "Vision", "Telecom", "Semiconductor", "Trading", "Industrial", "Logistics", "Energy", "Shipping"};
    private static final String[] FORMS = {"Co., Ltd.", "Limited", "Inc.", "GmbH", "B.V.", "plc", "Corporation", "LLC", "JSC"};
    private static final String CJK = "华海康威视数字技术股份有限公司大立科宇通信电子光学智能安防集团";
    private static final double ZIPF_EXPONENT = 1.05;

    private final String[] vocabulary;
    private final double[] cumulative;

    /** @param words how many distinct words names are made of */
    SyntheticWatchlist(int words, SplittableRandom random) {
        vocabulary = new String[words];
        for (int i = 0; i < words; i++) {
            int syllables = 2 + random.nextInt(2);
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            // The rank in the name makes each word distinct, as a vocabulary's words are.
            word.append(Integer.toString(i, 36).replaceAll("[0-9]", ""));
            vocabulary[i] = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        cumulative = new double[words];
        double sum = 0;
        for (int rank = 1; rank <= words; rank++) {
            sum += 1 / Math.pow(rank, ZIPF_EXPONENT);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < words; i++) {
            cumulative[i] /= sum;
        }
    }

    /** Entities holding {@code names} names and aliases in all. */
    List<WatchlistEntity> entities(int names, SplittableRandom random) {
        List<WatchlistEntity> entities = new ArrayList<>();
        int made = 0;
        for (int number = 0; made < names; number++) {
            String name = firm(random);
            List<String> aliases = new ArrayList<>();
            int wanted = Math.min(random.nextInt(4), names - made - 1);
            if (wanted >= 1) {
                aliases.add(name.substring(0, name.lastIndexOf(' ')));
            }
            if (wanted >= 2) {
                aliases.add(firm(random));
            }
            if (wanted >= 3) {
                aliases.add(chinese(random));
            }
            made += 1 + aliases.size();
            entities.add(WatchlistEntity.newBuilder().setId("synthetic-" + number).setName(name).setAliases(aliases)
                    .setRelation(EntityRelation.listed).setLists(List.of("synthetic")).setSources(List.of("https://example.org/synthetic"))
                    .build());
        }
        return entities;
    }

    /** A firm's name: one to four words, a sector word, a legal form. */
    String firm(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        int words = 1 + random.nextInt(4);
        for (int i = 0; i < words; i++) {
            name.append(word(random)).append(' ');
        }
        return name.append(SECTORS[random.nextInt(SECTORS.length)]).append(' ').append(FORMS[random.nextInt(FORMS.length)]).toString();
    }

    private String word(SplittableRandom random) {
        double draw = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < draw) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return vocabulary[low];
    }

    private static String chinese(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        int length = 4 + random.nextInt(6);
        for (int i = 0; i < length; i++) {
            name.append(CJK.charAt(random.nextInt(CJK.length())));
        }
        return name.append("有限公司").toString().toLowerCase(Locale.ROOT);
    }
}
