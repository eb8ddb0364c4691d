package io.quiver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The configured password, kept only as its SHA-256 digest, and the one way to check a candidate
 * against it: both are hashed and the digests compared with {@link MessageDigest#isEqual}, which
 * takes the same time wherever they differ; hashing first hides the password's length too.
 * Thread-safe.
 */
public final class Secret {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Secret::newDigest);
    private static final Secret NONE = new Secret(null);

    private final byte[] digest;

    private Secret(byte[] digest) {
        this.digest = digest;
    }

    /** The secret for {@code password}; an empty or null password means none is set. */
    public static Secret of(String password) {
        if (password == null || password.isEmpty()) {
            return NONE;
        }
        return new Secret(hash(password.getBytes(StandardCharsets.UTF_8)));
    }

    public boolean isSet() {
        return digest != null;
    }

    /** Whether {@code candidate} is the password, in constant time; false when no password is set. */
    public boolean matches(byte[] candidate) {
        return digest != null && candidate != null && MessageDigest.isEqual(digest, hash(candidate));
    }

    public boolean matches(String candidate) {
        return candidate != null && matches(candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hash(byte[] b) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(b);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return digest == null ? "Secret[none]" : "Secret[********]";
    }
}
