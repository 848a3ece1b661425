package org.procwatch.launcher.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens that may write reviews (CONTRACTS section 2: {@code --api-token}, {@code PROCWATCH_API_TOKEN}),
 * each with the name reviews are recorded under. Written {@code NAME:SECRET}, several separated by commas; a bare
 * {@code SECRET} is named {@value #DEFAULT_NAME}. Without any, the API is read-only. Secrets are compared in
 * constant time and never shown.
 */
public final class ApiTokens {

    /** Long enough that it cannot be guessed over HTTP: 16 characters, as {@code openssl rand -hex 8} gives at the least. */
    static final int MIN_SECRET_LENGTH = 16;
    static final String DEFAULT_NAME = "api-token";

    private record Token(String name, byte[] secret) {
    }

    private final List<Token> tokens;

    private ApiTokens(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    public static ApiTokens none() {
        return new ApiTokens(List.of());
    }

    /** @throws IllegalArgumentException saying what is wrong, never repeating a secret */
    public static ApiTokens parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return none();
        }
        List<Token> tokens = new ArrayList<>();
        for (String entry : setting.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            String name = colon < 0 ? DEFAULT_NAME : trimmed.substring(0, colon).strip();
            String secret = colon < 0 ? trimmed : trimmed.substring(colon + 1).strip();
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalArgumentException("an API token's name (before ':') must be 1 to 64 letters, digits or ._@-");
            }
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("the API token named " + name + " is shorter than " + MIN_SECRET_LENGTH
                        + " characters; make one with: openssl rand -hex 24");
            }
            tokens.add(new Token(name, secret.getBytes(StandardCharsets.UTF_8)));
        }
        return new ApiTokens(tokens);
    }

    public boolean configured() {
        return !tokens.isEmpty();
    }

    public int count() {
        return tokens.size();
    }

    /** The name of the token an {@code Authorization} header carries, when it is one of these. */
    public Optional<String> nameOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Token token : tokens) {
            // Every token compared, each in constant time, so the time taken tells nothing of which came close.
            if (MessageDigest.isEqual(token.secret(), given) && found == null) {
                found = token.name();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "ApiTokens" + tokens.stream().map(Token::name).toList();
    }
}
