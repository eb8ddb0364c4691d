package io.quiver.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Quiver's version, from the jar manifest when packaged, and the git commit it was built from. */
public final class Version {
    private static final String COMMIT = readCommit();

    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /**
     * The 40-hex-digit git commit this build was made from (written into the classes by the build,
     * see pom.xml), or null when the sources were not a git checkout.
     */
    public static String commit() {
        return COMMIT;
    }

    private static String readCommit() {
        try (InputStream in = Version.class.getResourceAsStream("build-commit")) {
            if (in == null) {
                return null;
            }
            String c = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return c.matches("[0-9a-f]{40}") ? c : null;
        } catch (IOException e) {
            return null;
        }
    }
}
