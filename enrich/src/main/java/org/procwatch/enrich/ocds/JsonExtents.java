package org.procwatch.enrich.ocds;

import org.procwatch.schemas.json.ByteSearch;

/**
 * Where JSON values end in a release's bytes, for {@link ReleaseScanner}, which keeps each value as the slice that
 * spells it: the parser checks what it reads, these only look for ends. Static, so that they inline into the scan.
 */
final class JsonExtents {

    private JsonExtents() {
    }

    /** Whether the object starting at {@code start} has {@code "id"} as its first field, as most items do. */
    static boolean idComesFirst(byte[] bytes, int start) {
        int i = skipWhitespace(bytes, start + 1);
        if (i + 4 > bytes.length || bytes[i] != '"' || bytes[i + 1] != 'i' || bytes[i + 2] != 'd' || bytes[i + 3] != '"') {
            return false;
        }
        return bytes[skipWhitespace(bytes, i + 4)] == ':';
    }

    static int skipWhitespace(byte[] bytes, int start) {
        int i = start;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** False only for the start of a number that has a leading zero or a leading point. */
    static boolean plainNumberAt(byte[] bytes, int i) {
        byte previous = i == 0 ? (byte) ',' : bytes[i - 1];
        if (previous != '[' && previous != ',' && previous != ':') {
            return true;
        }
        int digit = bytes[i] == '-' ? i + 1 : i;
        return bytes[digit] != '.' && !(bytes[digit] == '0' && bytes[digit + 1] >= '0' && bytes[digit + 1] <= '9');
    }

    /** Where the number starting at {@code start} ends. */
    static int numberEnd(byte[] bytes, int start) {
        int end = start;
        while (end < bytes.length && isNumberByte(bytes[end])) {
            end++;
        }
        return end;
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    /** Just past the closing quote of the string whose opening quote is at {@code start} (the parser checks the string). */
    static int stringEnd(byte[] bytes, int start) {
        int i = ByteSearch.indexOfEither(bytes, start + 1, bytes.length, (byte) '"', (byte) '\\');
        while (bytes[i] != '"') {
            i = ByteSearch.indexOfEither(bytes, i + 2, bytes.length, (byte) '"', (byte) '\\');
        }
        return i + 1;
    }
}
