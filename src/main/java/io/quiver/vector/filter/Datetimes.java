package io.quiver.vector.filter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Datetimes as Qdrant reads them in payloads and {@code range} bounds: RFC 3339 ({@code 2023-02-08T10:49:00Z},
 * with an offset or fraction), a space instead of {@code T}, no offset (UTC), or a date alone
 * (midnight UTC). Kept as microseconds since the epoch.
 */
public final class Datetimes {
    private Datetimes() {
    }

    public static Long parseOrNull(String s) {
        String t = s.trim().replace(' ', 'T');
        try {
            return micros(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the forms without an offset
        }
        try {
            return micros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // a date alone?
        }
        try {
            return micros(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long micros(java.time.Instant i) {
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, i);
    }
}
