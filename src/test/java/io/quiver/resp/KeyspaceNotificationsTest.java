package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.EventListener;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Redis's keyspace notifications (notify-keyspace-events; the cases of Redis's pubsub.tcl and the
 * events Redis names for each command): fired by the shards, published as PUBLISH publishes.
 */
class KeyspaceNotificationsTest {
    static TestServer server;
    static RespClient r;

    @BeforeAll
    static void start() {
        // two shards and two event loops: events cross from the shards' threads to every loop
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2).with(ConfigKeys.EVENT_LOOPS, 2)
                .with(ConfigKeys.ENABLE_DEBUG_COMMAND, "yes"));
        r = server.resp();
    }

    @AfterAll
    static void stop() throws IOException {
        r.close();
        server.close();
    }

    @AfterEach
    void off() throws IOException {
        r.call("CONFIG", "SET", "notify-keyspace-events", "");
        r.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    }

    private static void events(String letters) throws IOException {
        assertEquals("OK", io.quiver.testing.RespReplies.status(r.call("CONFIG", "SET", "notify-keyspace-events", letters)));
    }

    private static String configured() throws IOException {
        return str(((List<?>) r.call("CONFIG", "GET", "notify-keyspace-events")).get(1));
    }

    @Test
    void configGetAnswersTheClassesInRedisSpelling() throws IOException {
        events("gKE");
        assertEquals("gKE", configured());
        events("$lshzxeKE");
        assertEquals("$lshzxeKE", configured());
        events("KA");
        assertEquals("AK", configured());
        events("EA");
        assertEquals("AE", configured());
        events("En$");
        assertEquals("$nE", configured());
        events("AnK");
        assertEquals("AK", configured(), "as Redis prints it: n is not shown after A");
    }

    @Test
    void anUnknownEventClassIsRefusedWithRedisWordsAndChangesNothing() throws IOException {
        events("KEg");
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event "
                + "class character. Use 'Ag$lshzxeKEtmdn'.", error(r.call("CONFIG", "SET", "notify-keyspace-events", "KEq")));
        assertEquals("gKE", configured());
    }

    @Test
    void keyMissEventsAreSpelledAfterKAndE() throws IOException {
        events("KEm");
        assertEquals("KEm", configured());
        events("Am");
        assertEquals("Am", configured(), "A does not include m");
    }

    @Test
    void readsOfAMissingKeyFireKeymiss() throws IOException {
        events("Em");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:keymiss")) {
            r.call("GET", "kn:miss:s");
            r.call("HGET", "kn:miss:h", "f");
            r.call("TTL", "kn:miss:t");
            r.call("GETEX", "kn:miss:x");
            assertEquals("__keyevent@0__:keymiss kn:miss:s", l.nextEvent());
            assertEquals("__keyevent@0__:keymiss kn:miss:h", l.nextEvent());
            assertEquals("__keyevent@0__:keymiss kn:miss:t", l.nextEvent());
            assertEquals("__keyevent@0__:keymiss kn:miss:x", l.nextEvent());
        }
    }

    @Test
    void writesObjectAndRenameOfAMissingKeyFireNoKeymiss() throws IOException {
        events("EAm");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:keymiss")) {
            r.call("OBJECT", "ENCODING", "kn:nomiss");
            r.call("RENAME", "kn:nomiss", "kn:nomiss2");
            r.call("APPEND", "kn:nomiss", "x");
            r.call("GET", "kn:nomiss");
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void aClassLetterWithoutKeymissFiresNoKeymiss() throws IOException {
        events("KEA");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:keymiss")) {
            r.call("GET", "kn:miss:none");
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void theKeyspaceChannelNamesTheKeyAndCarriesTheEvent() throws IOException {
        events("KA");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:space*")) {
            r.call("SET", "kn:space", "bar");
            assertEquals(List.of("pmessage", "__keyspace@0__:kn:space*", "__keyspace@0__:kn:space", "set"), l.next());
        }
    }

    @Test
    void theKeyeventChannelNamesTheEventAndCarriesTheKey() throws IOException {
        events("EA");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:*")) {
            r.call("SET", "kn:event", "bar");
            assertEquals("__keyevent@0__:set kn:event", l.nextEvent());
        }
    }

    @Test
    void withBothChannelsTheKeyspaceMessageComesFirst() throws IOException {
        events("KEA");
        try (EventListener l = EventListener.on(server, "__key*@0__:*")) {
            r.call("SET", "kn:both", "bar");
            assertEquals("__keyspace@0__:kn:both set", l.nextEvent());
            assertEquals("__keyevent@0__:set kn:both", l.nextEvent());
        }
    }

    @Test
    void onlyTheClassesSwitchedOnArePublished() throws IOException {
        events("Kh");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:mask*")) {
            r.call("SET", "kn:mask:s", "bar");
            r.call("HSET", "kn:mask:h", "f", "v");
            assertEquals("__keyspace@0__:kn:mask:h hset", l.nextEvent(), "the string event is masked");
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void withoutAChannelClassNothingIsPublished() throws IOException {
        events("A"); // classes, but neither K nor E
        try (EventListener l = EventListener.on(server, "__key*@0__:*")) {
            r.call("SET", "kn:nochannel", "bar");
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void nothingIsPublishedWhenNoClassIsOn() throws IOException {
        try (EventListener l = EventListener.on(server, "__key*@0__:*")) {
            r.call("SET", "kn:off", "bar");
            r.call("DEL", "kn:off");
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void genericEventsNameExpireAndDel() throws IOException {
        events("KEg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:gen*")) {
            r.call("SET", "kn:gen", "bar");
            r.call("EXPIRE", "kn:gen", "100");
            r.call("PERSIST", "kn:gen");
            r.call("DEL", "kn:gen");
            assertEquals("__keyspace@0__:kn:gen expire", l.nextEvent());
            assertEquals("__keyspace@0__:kn:gen persist", l.nextEvent());
            assertEquals("__keyspace@0__:kn:gen del", l.nextEvent());
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void anExpireInThePastIsADel() throws IOException {
        events("Kg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:past*")) {
            r.call("SET", "kn:past", "bar");
            r.call("EXPIRE", "kn:past", "-1");
            assertEquals("__keyspace@0__:kn:past del", l.nextEvent());
        }
    }

    @Test
    void stringEventsNameTheCommand() throws IOException {
        events("K$g");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:str*")) {
            r.call("SET", "kn:str", "1", "EX", "100");
            r.call("INCRBY", "kn:str", "2");
            r.call("INCRBYFLOAT", "kn:str", "0.5");
            r.call("APPEND", "kn:str", "0");
            r.call("SETRANGE", "kn:str", "0", "4");
            r.call("SETBIT", "kn:str", "0", "1");
            for (String e : List.of("set", "expire", "incrby", "incrbyfloat", "append", "setrange", "setbit")) {
                assertEquals("__keyspace@0__:kn:str " + e, l.nextEvent());
            }
        }
    }

    @Test
    void msetFiresASetForEachKey() throws IOException {
        events("K$");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:{kn:m}*")) {
            r.call("MSET", "{kn:m}a", "1", "{kn:m}b", "2");
            assertEquals("__keyspace@0__:{kn:m}a set", l.nextEvent());
            assertEquals("__keyspace@0__:{kn:m}b set", l.nextEvent());
        }
    }

    @Test
    void hashEventsNameTheCommandAndAnEmptiedHashIsADel() throws IOException {
        events("Khg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:hash*")) {
            r.call("HMSET", "kn:hash", "yes", "1", "no", "0");
            r.call("HINCRBY", "kn:hash", "yes", "10");
            r.call("HINCRBYFLOAT", "kn:hash", "yes", "0.5");
            r.call("HDEL", "kn:hash", "yes", "no");
            for (String e : List.of("hset", "hincrby", "hincrbyfloat", "hdel", "del")) {
                assertEquals("__keyspace@0__:kn:hash " + e, l.nextEvent());
            }
        }
    }

    @Test
    void listEventsNameTheCommandAndAnEmptiedListIsADel() throws IOException {
        events("Klg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:list*")) {
            r.call("LPUSH", "kn:list", "a", "b");
            r.call("RPUSHX", "kn:list", "c");
            r.call("LSET", "kn:list", "0", "B");
            r.call("LREM", "kn:list", "0", "B");
            r.call("RPOP", "kn:list");
            r.call("LTRIM", "kn:list", "0", "-1");
            r.call("LPOP", "kn:list", "5");
            for (String e : List.of("lpush", "rpush", "lset", "lrem", "rpop", "ltrim", "lpop", "del")) {
                assertEquals("__keyspace@0__:kn:list " + e, l.nextEvent());
            }
        }
    }

    @Test
    void aHashtablesEventsAreTheListpacksOnes() throws IOException {
        events("Khg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:ht*")) {
            r.call("HMSET", "kn:ht", "yes", "1", "no", "0", "long", "x".repeat(100)); // past hash-max-listpack-value
            assertEquals("hashtable", str(r.call("OBJECT", "ENCODING", "kn:ht")));
            r.call("HINCRBY", "kn:ht", "yes", "10");
            r.call("HINCRBYFLOAT", "kn:ht", "yes", "0.5");
            r.call("HDEL", "kn:ht", "yes", "no", "long");
            for (String e : List.of("hset", "hincrby", "hincrbyfloat", "hdel", "del")) {
                assertEquals("__keyspace@0__:kn:ht " + e, l.nextEvent());
            }
        }
    }

    @Test
    void aQuicklistsEventsAreTheListpacksOnes() throws IOException {
        events("Klg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:ql*")) {
            r.call("LPUSH", "kn:ql", "a", "x".repeat(9000)); // past 8 KiB
            assertEquals("quicklist", str(r.call("OBJECT", "ENCODING", "kn:ql")));
            r.call("RPUSHX", "kn:ql", "c");
            r.call("LSET", "kn:ql", "0", "B");
            r.call("LREM", "kn:ql", "0", "B");
            r.call("RPOP", "kn:ql");
            r.call("LTRIM", "kn:ql", "0", "-1");
            r.call("LPOP", "kn:ql", "5");
            for (String e : List.of("lpush", "rpush", "lset", "lrem", "rpop", "ltrim", "lpop", "del")) {
                assertEquals("__keyspace@0__:kn:ql " + e, l.nextEvent());
            }
        }
    }

    @Test
    void aKeyReadAfterItsTimeFiresExpired() throws IOException, InterruptedException {
        events("Ex");
        r.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"); // only the read can find it expired
        try (EventListener l = EventListener.on(server, "__keyevent@0__:expired")) {
            r.call("PSETEX", "kn:lazy", "50", "1");
            Thread.sleep(80);
            assertEquals(0L, r.call("EXISTS", "kn:lazy"));
            assertEquals("__keyevent@0__:expired kn:lazy", l.nextEvent());
        }
    }

    @Test
    void activeExpiryFiresExpiredWithNobodyReading() throws IOException {
        events("Ex");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:expired")) {
            r.call("PSETEX", "kn:active", "50", "1");
            assertEquals("__keyevent@0__:expired kn:active", l.nextEvent());
        }
    }

    @Test
    void aNewKeyEventOnlyWhenTheKeyIsCreated() throws IOException {
        events("En");
        try (EventListener l = EventListener.on(server, "__keyevent@0__:new")) {
            r.call("SET", "kn:new:a", "bar");
            r.call("SET", "kn:new:a", "baz");
            r.call("SET", "kn:new:b", "bar");
            r.call("HSET", "kn:new:h", "f", "v");
            r.call("HSET", "kn:new:h", "g", "v");
            assertEquals("__keyevent@0__:new kn:new:a", l.nextEvent());
            assertEquals("__keyevent@0__:new kn:new:b", l.nextEvent());
            assertEquals("__keyevent@0__:new kn:new:h", l.nextEvent());
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void renameFiresRenameFromThenRenameTo() throws IOException {
        events("Kg");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:{kn:ren}*")) {
            r.call("SET", "{kn:ren}a", "1");
            r.call("RENAME", "{kn:ren}a", "{kn:ren}b");
            r.call("COPY", "{kn:ren}b", "{kn:ren}c");
            assertEquals("__keyspace@0__:{kn:ren}a rename_from", l.nextEvent());
            assertEquals("__keyspace@0__:{kn:ren}b rename_to", l.nextEvent());
            assertEquals("__keyspace@0__:{kn:ren}c copy_to", l.nextEvent());
        }
    }

    /** Two names whose keys live on different shards of the two (CLUSTER KEYSLOT mod 2 differs). */
    private static String[] onTwoShards(String prefix) throws IOException {
        long first = (Long) r.call("CLUSTER", "KEYSLOT", prefix + "0");
        for (int i = 1; ; i++) {
            if (((Long) r.call("CLUSTER", "KEYSLOT", prefix + i)) % 2 != first % 2) {
                return new String[]{prefix + "0", prefix + i};
            }
        }
    }

    @Test
    void aRenameAcrossShardsFiresRenameFromAndRenameToAfterTheSourcesDel() throws IOException {
        events("Kg");
        String[] k = onTwoShards("kn:xren:");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:xren:*")) {
            r.call("SET", k[0], "1");
            r.call("RENAME", k[0], k[1]);
            assertEquals("__keyspace@0__:" + k[0] + " del", l.nextEvent(), "copy, then delete: the delete's own event");
            assertEquals("__keyspace@0__:" + k[0] + " rename_from", l.nextEvent());
            assertEquals("__keyspace@0__:" + k[1] + " rename_to", l.nextEvent());
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void aCopyAcrossShardsFiresCopyTo() throws IOException {
        events("Kg");
        String[] k = onTwoShards("kn:xcopy:");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:xcopy:*")) {
            r.call("SET", k[0], "1");
            r.call("COPY", k[0], k[1]);
            assertEquals("__keyspace@0__:" + k[1] + " copy_to", l.nextEvent());
            l.nothingMoreBefore(r);
        }
    }

    @Test
    void restoreFiresRestore() throws IOException {
        events("Kg");
        r.call("SET", "kn:dumped", "v");
        byte[] payload = (byte[]) r.call("DUMP", "kn:dumped");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:restored")) {
            r.call(List.of("RESTORE".getBytes(), "kn:restored".getBytes(), "0".getBytes(), payload));
            assertEquals("__keyspace@0__:kn:restored restore", l.nextEvent());
        }
    }

    @Test
    void eventsNameTheDatabaseTheKeyIsIn() throws IOException {
        events("KEg");
        try (EventListener l = EventListener.on(server, "__key*@3__:*"); RespClient db3 = server.resp()) {
            db3.call("SELECT", "3");
            db3.call("SET", "kn:db", "1");
            db3.call("DEL", "kn:db");
            assertEquals("__keyspace@3__:kn:db del", l.nextEvent());
            assertEquals("__keyevent@3__:del kn:db", l.nextEvent());
        }
    }

    @Test
    void moveFiresMoveFromInTheSourceAndMoveToInTheTarget() throws IOException {
        events("Kg");
        try (EventListener l = EventListener.on(server, "__keyspace@*__:kn:move")) {
            r.call("SET", "kn:move", "1");
            r.call("MOVE", "kn:move", "5");
            assertEquals("__keyspace@0__:kn:move move_from", l.nextEvent());
            assertEquals("__keyspace@5__:kn:move move_to", l.nextEvent());
        }
        try (RespClient db5 = server.resp()) {
            db5.call("SELECT", "5");
            db5.call("DEL", "kn:move");
        }
    }

    @Test
    void eventsInsideATransactionArePublishedAsItsCommandsRun() throws IOException {
        events("K$");
        try (EventListener l = EventListener.on(server, "__keyspace@0__:kn:tx*"); RespClient other = server.resp()) {
            r.call("MULTI");
            r.call("SET", "kn:tx", "1");
            r.call("INCR", "kn:tx");
            l.nothingMoreBefore(other); // queued: nothing has run
            r.call("EXEC");
            assertEquals("__keyspace@0__:kn:tx set", l.nextEvent());
            assertEquals("__keyspace@0__:kn:tx incrby", l.nextEvent());
        }
    }

    @Test
    void theConfigurationKeySwitchesEventsOnFromTheStart() throws IOException {
        try (TestServer configured = TestServer.start(1, ConfigKeys.NOTIFY_KEYSPACE_EVENTS, "gE");
             RespClient c = configured.resp();
             EventListener l = EventListener.on(configured, "__keyevent@0__:*")) {
            assertEquals("gE", str(((List<?>) c.call("CONFIG", "GET", "notify-keyspace-events")).get(1)));
            c.call("SET", "kn:start", "1");
            c.call("DEL", "kn:start");
            assertEquals("__keyevent@0__:del kn:start", l.nextEvent());
        }
    }
}
