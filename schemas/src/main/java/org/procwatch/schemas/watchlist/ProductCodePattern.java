package org.procwatch.schemas.watchlist;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A watchlist entity's pattern for its model numbers, in RE2 syntax (Java's, without backreferences or lookaround),
 * matched in time linear in the text. The patterns come from watchlist files and the texts from anyone's
 * procurement records and FOI answers: a backtracking engine would let one pattern such as {@code (a+)+b} and one
 * long title hold a stream thread for hours.
 */
public final class ProductCodePattern {

    private final Pattern pattern;

    private ProductCodePattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when the pattern is not RE2, saying why */
    public static ProductCodePattern compile(String pattern) {
        try {
            return new ProductCodePattern(Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " (product code patterns are RE2: no backreferences or lookaround)", e);
        }
    }

    /** The first product code in the text, if any. */
    public Optional<String> findIn(CharSequence text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    /** Where the first product code in the text begins, or -1. */
    public int startIn(CharSequence text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.start() : -1;
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
