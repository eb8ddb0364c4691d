package io.quiver.vector.filter;

/** Qdrant's payload operations: set (merge keys in), overwrite, delete keys, clear. */
public enum PayloadChange { SET, OVERWRITE, DELETE_KEYS, CLEAR }
