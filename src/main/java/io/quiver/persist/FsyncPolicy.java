package io.quiver.persist;

import java.util.Locale;

/**
 * When the append log is fsynced, as Redis's {@code appendfsync}:
 * <ul>
 *   <li>{@link #ALWAYS}: a batch's replies are sent only after its records are fsynced. One fsync
 *       covers every record written meanwhile, from any number of batches (group commit).</li>
 *   <li>{@link #EVERYSEC}: fsynced about once a second by the log's own thread; a crash of the machine
 *       (not just the process) may lose the last second.</li>
 *   <li>{@link #NO}: the operating system decides when; a machine crash may lose more.</li>
 * </ul>
 * In every policy the records reach the OS (write(2)) before the reply, so a crash of the
 * process alone loses nothing acknowledged.
 */
public enum FsyncPolicy {
    ALWAYS, EVERYSEC, NO;

    public static FsyncPolicy parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
