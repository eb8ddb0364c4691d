package io.quiver.vector;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and reports, once per JVM, the SIMD code vector search runs on: Quiver's own exact-search
 * {@link VectorKernels}, and jvector's vectorization provider (selected by the system property
 * {@code jvector.vectorization_provider}: {@code panama} is the Java Vector API, {@code native} the
 * C library bundled in jvector's jar, {@code default} plain Java). jvector reads the property when
 * its provider class initialises, so this must run before the first graph is built.
 */
public final class VectorRuntime {
    private static final Logger log = LoggerFactory.getLogger(VectorRuntime.class);
    private static final String PROPERTY = "jvector.vectorization_provider";

    private VectorRuntime() {
    }

    /**
     * Sets jvector's provider to {@code provider} unless the JVM was started with the property
     * already (an explicit {@code -D} wins), then logs what is active. Returns the active provider.
     */
    public static synchronized String configure(String provider) {
        if (System.getProperty(PROPERTY) == null && provider != null && !provider.isEmpty()) {
            System.setProperty(PROPERTY, provider);
        }
        String active = activeProvider();
        log.info("vector search SIMD: exact-search kernels {}; jvector provider {} (requested {})",
                VectorKernels.active().name(), active, System.getProperty(PROPERTY));
        return active;
    }

    /** jvector's active provider, e.g. {@code PanamaVectorizationProvider}. */
    public static String activeProvider() {
        return VectorizationProvider.getInstance().getClass().getSimpleName();
    }
}
