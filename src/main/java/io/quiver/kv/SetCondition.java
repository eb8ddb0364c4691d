package io.quiver.kv;

/** When a SET applies: always, only if the key is absent (NX), or only if it is present (XX). */
public enum SetCondition {
    ALWAYS, IF_ABSENT, IF_PRESENT
}
