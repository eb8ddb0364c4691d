package io.quiver.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretTest {
    @Test
    void thePasswordMatches() {
        assertTrue(Secret.of("correct horse").matches("correct horse"));
    }

    @Test
    void anotherPasswordDoesNotMatch() {
        Secret s = Secret.of("correct horse");
        assertFalse(s.matches("correct hors"));
        assertFalse(s.matches("correct horse "));
        assertFalse(s.matches(""));
        assertFalse(s.matches((String) null));
    }

    @Test
    void emptyPasswordMeansNoneIsSetAndNothingMatches() {
        Secret s = Secret.of("");
        assertFalse(s.isSet());
        assertFalse(s.matches(""));
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertFalse(Secret.of("hunter2").toString().contains("hunter2"));
    }
}
