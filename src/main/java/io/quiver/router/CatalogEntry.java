package io.quiver.router;

import io.quiver.vector.CollectionConfig;
import io.vertx.core.shareddata.Shareable;

/**
 * A collection as the catalog knows it: its config and its latest import, if any. Shared by
 * reference between event loops (Shareable); the config is immutable, the import status is safe to
 * read from any thread.
 */
public record CatalogEntry(CollectionConfig config, ImportStatus lastImport) implements Shareable {
    public CatalogEntry withImport(ImportStatus status) {
        return new CatalogEntry(config, status);
    }
}
