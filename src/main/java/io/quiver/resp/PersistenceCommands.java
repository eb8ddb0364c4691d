package io.quiver.resp;

import io.quiver.config.ConfigKeys;
import io.quiver.status.PersistenceStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SAVE, BGSAVE, LASTSAVE and INFO's persistence section, with Redis's field names where they fit. */
final class PersistenceCommands {
    private PersistenceCommands() {
    }

    /** SAVE: snapshots every shard; replies once every file is on disk. Writes go on meanwhile. */
    static void save(Call call) {
        call.replyWith(call.services().admin().snapshot(true), r -> RespReply.OK);
    }

    /** BGSAVE [SCHEDULE]: starts a snapshot of every shard and replies at once. */
    static void bgsave(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.argIs(1, "schedule"))) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.replyWith(call.services().admin().snapshot(false), r -> RespReply.simple("Background saving started"));
    }

    /** LASTSAVE: Unix time of the oldest shard's last completed snapshot (the server's start if none). */
    static void lastsave(Call call) {
        long started = call.frontEnd().state().startMillis;
        call.replyWith(call.services().admin().persistenceStats(), stats -> RespReply.integer(lastSave(stats, started) / 1000));
    }

    private static long lastSave(List<PersistenceStats> stats, long started) {
        long oldest = Long.MAX_VALUE;
        for (PersistenceStats s : stats) {
            oldest = Math.min(oldest, s.lastSnapshotMillis() == 0 ? started : s.lastSnapshotMillis());
        }
        return oldest == Long.MAX_VALUE ? started : oldest;
    }

    static Map<String, Object> infoSection(RespServerState state, List<PersistenceStats> shards) {
        Map<String, Object> f = new LinkedHashMap<>();
        boolean on = !shards.isEmpty() && shards.get(0).enabled();
        f.put("loading", 0);
        f.put("persistence", on ? "on" : "off");
        if (!on) {
            f.put("aof_enabled", 0);
            return f;
        }
        long changes = 0, logBytes = 0, fsyncs = 0, fsyncTotal = 0, fsyncLast = 0, loadedKeys = 0, replayed = 0;
        long recovery = 0, lastTook = 0, loadedPoints = 0, copyMicros = 0;
        int graphsLoaded = 0;
        int inProgress = 0;
        boolean snapshotOk = true, writeOk = true;
        for (PersistenceStats s : shards) {
            changes += s.changesSinceSnapshot();
            logBytes += s.logBytes();
            fsyncs += s.fsyncs();
            fsyncTotal += s.fsyncTotalMicros();
            fsyncLast = Math.max(fsyncLast, s.fsyncLastMicros());
            loadedKeys += s.loadedKeys();
            loadedPoints += s.loadedPoints();
            graphsLoaded += s.graphsLoaded();
            copyMicros = Math.max(copyMicros, s.lastCopyMicros());
            replayed += s.replayedRecords();
            recovery = Math.max(recovery, s.recoveryMillis());
            lastTook = Math.max(lastTook, s.lastSnapshotMillisTaken());
            inProgress += s.snapshotsInProgress();
            snapshotOk &= s.lastSnapshotOk();
            writeOk &= s.logWriteOk();
        }
        f.put("data_dir", state.config.get(ConfigKeys.DATA_DIR));
        f.put("rdb_changes_since_last_save", changes);
        f.put("rdb_bgsave_in_progress", inProgress > 0 ? 1 : 0);
        f.put("rdb_last_save_time", lastSave(shards, state.startMillis) / 1000);
        f.put("rdb_last_bgsave_status", snapshotOk ? "ok" : "err");
        f.put("rdb_last_bgsave_time_ms", lastTook);
        f.put("rdb_last_copy_us", copyMicros); // the longest a shard was held for its last snapshot's copy step
        f.put("aof_enabled", 1);
        f.put("appendfsync", shards.get(0).appendfsync());
        f.put("aof_current_size", logBytes);
        f.put("aof_last_write_status", writeOk ? "ok" : "err");
        f.put("fsync_count", fsyncs);
        f.put("fsync_last_us", fsyncLast);
        f.put("fsync_avg_us", fsyncs == 0 ? 0 : fsyncTotal / fsyncs);
        f.put("loading_loaded_keys", loadedKeys);
        f.put("loading_loaded_points", loadedPoints);
        f.put("loading_graphs_loaded", graphsLoaded);
        f.put("loading_replayed_records", replayed);
        f.put("loading_duration_ms", recovery);
        return f;
    }
}
