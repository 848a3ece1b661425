package org.procwatch.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Firms as large official lists hold them, for measuring the matcher at their size. A name is made as real
 * firm names are: zero to two common words (a city, "International", "Trading": a few words in very many
 * names, drawn by a Zipf law), one or two distinctive words (made up, each in a handful of names at a
 * million), a sector word and a legal form; one firm in ten belongs to a family that shares its brand word,
 * as a listed firm's subsidiaries do (from two to two hundred names, so some distinctive words are crowded
 * too). Up to three aliases: the name without its legal form, a former name, a name in Chinese characters.
 * Query names of unrelated firms are made of the same words, so lookups meet the crowded words real lists
 * have.
 */
final class SyntheticWatchlist {

    private static final String[] COMMON = {"International", "Trading", "Group", "Shenzhen", "Beijing", "Shanghai", "Hangzhou",
            "Guangzhou", "Wuhan", "Chengdu", "Tianjin", "Xiamen", "Hong Kong", "Moscow", "Saint Petersburg", "Tehran", "Dubai", "Minsk",
            "Global", "General", "United", "New", "Import Export", "Holding", "Industrial", "Development", "Investment", "Science",
            "East", "West", "North", "South", "Asia", "Pacific", "Eurasia", "Star", "Golden", "Great Wall", "Silk Road", "Ocean"};
    private static final String[] SYLLABLES = {"an", "bao", "chen", "da", "fu", "gao", "hai", "jin", "kang", "long", "mei", "ning",
            "ping", "qing", "rui", "sheng", "tai", "wei", "xin", "yuan", "zhong", "ar", "bel", "cor", "del", "fer", "gal", "hor",
            "ist", "kor", "lan", "mor", "nor", "ost", "pra", "ril", "sol", "tek", "val", "wen"};
    private static final String[] SECTORS = {"Technology", "Optics", "Electronics", "Imaging", "Systems", "Networks", "Security",
            "Vision", "Telecom", "Semiconductor", "Trading", "Industrial", "Logistics", "Energy", "Shipping"};
    private static final String[] FORMS = {"Co., Ltd.", "Limited", "Inc.", "GmbH", "B.V.", "plc", "Corporation", "LLC", "JSC"};
    private static final String CJK = "华海康威视数字技术股份有限公司大立科宇通信电子光学智能安防集团";
    private static final double ZIPF_EXPONENT = 1.0;

    private final String[] distinctive;
    private final double[] commonCumulative;

    /** @param words how many distinctive words names are made of */
    SyntheticWatchlist(int words, SplittableRandom random) {
        distinctive = new String[words];
        for (int i = 0; i < words; i++) {
            int syllables = 2 + random.nextInt(2);
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            // The word's number, in letters, makes each distinct, as a vocabulary's words are.
            word.append(Integer.toString(i, 36).replaceAll("[0-9]", ""));
            distinctive[i] = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        commonCumulative = new double[COMMON.length];
        double sum = 0;
        for (int rank = 1; rank <= COMMON.length; rank++) {
            sum += 1 / Math.pow(rank, ZIPF_EXPONENT);
            commonCumulative[rank - 1] = sum;
        }
        for (int i = 0; i < COMMON.length; i++) {
            commonCumulative[i] /= sum;
        }
    }

    /** Entities holding {@code names} names and aliases in all. */
    List<WatchlistEntity> entities(int names, SplittableRandom random) {
        List<WatchlistEntity> entities = new ArrayList<>();
        int made = 0;
        String brand = null;
        int familyLeft = 0;
        for (int number = 0; made < names; number++) {
            if (familyLeft == 0 && random.nextInt(10) == 0) {
                brand = distinctive(random);
                familyLeft = 2 + (int) Math.min(198, Math.round(Math.exp(random.nextDouble() * Math.log(200))));
            }
            String name = familyLeft > 0 ? member(brand, random) : firm(random);
            familyLeft = Math.max(0, familyLeft - 1);
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

    /** An unrelated firm's name: common words, one or two distinctive ones, a sector word, a legal form. */
    String firm(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        common(name, random);
        int words = 1 + random.nextInt(2);
        for (int i = 0; i < words; i++) {
            name.append(distinctive(random)).append(' ');
        }
        return ending(name, random);
    }

    /** A member of a family: its brand word, and perhaps a word of its own. */
    private String member(String brand, SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        common(name, random);
        name.append(brand).append(' ');
        if (random.nextBoolean()) {
            name.append(distinctive(random)).append(' ');
        }
        return ending(name, random);
    }

    private void common(StringBuilder name, SplittableRandom random) {
        int words = random.nextInt(3);
        for (int i = 0; i < words; i++) {
            name.append(common(random)).append(' ');
        }
    }

    private static String ending(StringBuilder name, SplittableRandom random) {
        return name.append(SECTORS[random.nextInt(SECTORS.length)]).append(' ').append(FORMS[random.nextInt(FORMS.length)]).toString();
    }

    private String distinctive(SplittableRandom random) {
        return distinctive[random.nextInt(distinctive.length)];
    }

    private String common(SplittableRandom random) {
        double draw = random.nextDouble();
        for (int i = 0; i < commonCumulative.length; i++) {
            if (draw <= commonCumulative[i]) {
                return COMMON[i];
            }
        }
        return COMMON[COMMON.length - 1];
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
