package io.quiver.error;

/**
 * What went wrong, independent of protocol. Each front end maps a code to its own wire form
 * (an HTTP status, a RESP error prefix) in one place.
 */
public enum ErrorCode {
    /** The request is malformed or breaks a rule (bad argument, wrong dimension, limit exceeded). */
    BAD_REQUEST,
    /** The named thing (key, collection, point) does not exist. */
    NOT_FOUND,
    /** The request conflicts with current state (exists already, wrong kind). */
    CONFLICT,
    /** The key holds a value of another type than the command works on (Redis's WRONGTYPE). */
    WRONG_TYPE,
    /** A body, key or value is larger than its configured limit. */
    TOO_LARGE,
    /** The client has not presented the configured password, or a wrong one. */
    UNAUTHORIZED,
    /** The server refuses more work for now (queue full, too many connections). */
    BUSY,
    /** Storing this would exceed the configured memory limit. */
    OUT_OF_MEMORY,
    /** The request did not finish within its deadline. */
    TIMEOUT,
    /** The shards it needs live on a cluster node that is unreachable (Redis Cluster's CLUSTERDOWN). */
    CLUSTER_DOWN,
    /** The keys of one request live on different nodes of the cluster, and it cannot span them (Redis Cluster's CROSSSLOT). */
    CROSS_SLOT,
    /**
     * The slot of a key has moved to another node since the request was routed (a slot migration
     * switched its owner). Routers retry on the new owner; a client sees it only if that fails, as
     * Redis Cluster's TRYAGAIN.
     */
    SLOT_MOVED,
    /** A request that cannot run while its slots migrate (keys split between two owners, a FLUSHALL): Redis Cluster's TRYAGAIN. */
    TRY_AGAIN,
    /** The collection's request rate limit (Qdrant's strict-mode read/write rate limits) is spent for now. */
    RATE_LIMITED,
    /** The request names something it may not reach (a file outside the snapshots directory): HTTP 403. */
    FORBIDDEN,
    /** A bug or an unexpected failure inside Quiver. */
    INTERNAL
}
