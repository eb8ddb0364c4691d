package io.quiver.app;

import io.quiver.catalog.ClusterCatalog;
import io.quiver.shard.codec.BinaryReader;
import io.quiver.shard.codec.BinaryWriter;
import io.quiver.shard.codec.ShardOpCodec;
import io.quiver.vector.CollectionConfig;

/** A collection's config in the cluster catalog: the op layout's form, behind its version. */
final class CatalogWireForm implements ClusterCatalog.Codec {
    @Override
    public byte[] encode(CollectionConfig config) {
        BinaryWriter w = new BinaryWriter(64);
        w.varInt(ShardOpCodec.VERSION);
        ShardOpCodec.writeConfig(config, w);
        return w.toByteArray();
    }

    @Override
    public CollectionConfig decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        return ShardOpCodec.readConfig(r, r.varInt());
    }
}
