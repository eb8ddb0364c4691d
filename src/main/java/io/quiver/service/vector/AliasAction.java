package io.quiver.service.vector;

/** One of Qdrant's alias actions ({@code POST /collections/aliases}), applied in order by {@link VectorService#changeAliases}. */
public sealed interface AliasAction {
    /** {@code alias} names {@code collection} from now on. */
    record Create(String alias, String collection) implements AliasAction {
    }

    /** {@code alias} names nothing from now on (nothing happens when it names nothing already). */
    record Delete(String alias) implements AliasAction {
    }

    /** The collection {@code from} names is named {@code to} instead. */
    record Rename(String from, String to) implements AliasAction {
    }
}
