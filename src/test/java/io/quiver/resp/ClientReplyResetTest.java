package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CLIENT REPLY ON|OFF|SKIP and RESET as Redis has them (introspection.tcl, pubsub.tcl): a silenced
 * reply is never written, so the next thing read is the first reply that was not silenced.
 */
class ClientReplyResetTest {
    static final RespClient.Status OK = new RespClient.Status("OK");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void send(RespClient c, String... argv) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : argv) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        c.send(a);
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    @Test
    void clientReplyOffWritesNoReplyUntilClientReplyOn() throws IOException {
        try (RespClient c = server.resp()) {
            send(c, "CLIENT", "REPLY", "OFF");
            send(c, "SET", "reply:off", "1");
            send(c, "GET", "reply:off");
            send(c, "CLIENT", "REPLY", "ON");
            assertEquals(OK, c.read(), "the first reply read is ON's: OFF, SET and GET wrote none");
            assertEquals("1", text(c.call("GET", "reply:off")), "the silenced SET still ran");
        }
    }

    @Test
    void clientReplySkipSilencesItselfAndTheNextCommandOnly() throws IOException {
        try (RespClient c = server.resp()) {
            send(c, "CLIENT", "REPLY", "SKIP");
            send(c, "SET", "reply:skip", "2");
            send(c, "GET", "reply:skip");
            assertEquals("2", text(c.read()), "SKIP and the SET wrote nothing; the GET after them answers");
            assertEquals(new RespClient.Status("PONG"), c.call("PING"));
        }
    }

    @Test
    void subscriptionsAndMessagesAreWrittenUnderClientReplyOff() throws IOException {
        try (RespClient sub = server.resp(); RespClient pub = server.resp()) {
            send(sub, "CLIENT", "REPLY", "OFF");
            send(sub, "SUBSCRIBE", "reply:ch");
            assertEquals(List.of("subscribe", "reply:ch", 1L), PubSubCommandsTest.text(sub.read()));
            assertEquals(1L, pub.call("PUBLISH", "reply:ch", "hello"));
            assertEquals(List.of("message", "reply:ch", "hello"), PubSubCommandsTest.text(sub.read()));
        }
    }

    @Test
    void clientReplyWithAnotherWordIsASyntaxError() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(new RespClient.Error("ERR syntax error"), c.call("CLIENT", "REPLY", "MAYBE"));
            assertEquals(new RespClient.Error("ERR wrong number of arguments for 'client|reply' command"),
                    c.call("CLIENT", "REPLY"));
        }
    }

    @Test
    void resetEndsATransactionAndTheWatches() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(OK, c.call("MULTI"));
            assertEquals(new RespClient.Status("QUEUED"), c.call("SET", "reset:tx", "queued"));
            assertEquals(new RespClient.Status("RESET"), c.call("RESET"));
            assertEquals(new RespClient.Error("ERR EXEC without MULTI"), c.call("EXEC"));
            assertEquals(null, c.call("GET", "reset:tx"), "the queued SET never ran");
        }
    }

    @Test
    void resetLeavesSubscribedModeAndEndsTheSubscriptions() throws IOException {
        try (RespClient c = server.resp(); RespClient pub = server.resp()) {
            send(c, "SUBSCRIBE", "reset:ch");
            assertEquals(List.of("subscribe", "reset:ch", 1L), PubSubCommandsTest.text(c.read()));
            assertEquals(new RespClient.Status("RESET"), c.call("RESET"));
            assertEquals(0L, pub.call("PUBLISH", "reset:ch", "nobody"));
            assertEquals(new RespClient.Status("PONG"), c.call("PING"), "RESP2 PING outside subscribed mode");
        }
    }

    @Test
    void resetReturnsToDatabaseZeroNoNameAndRepliesOn() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(OK, c.call("SELECT", "3"));
            assertEquals(OK, c.call("SET", "reset:db", "in3"));
            assertEquals(OK, c.call("CLIENT", "SETNAME", "before"));
            send(c, "CLIENT", "REPLY", "OFF");
            send(c, "SET", "reset:silenced", "x");
            send(c, "RESET");
            assertEquals(new RespClient.Status("RESET"), c.read(), "RESET turns replies on, its own included");
            assertEquals(null, c.call("GET", "reset:db"), "database 0 again");
            assertEquals(null, c.call("CLIENT", "GETNAME"));
            Object hello = PubSubCommandsTest.text(c.call("HELLO"));
            assertEquals(2L, ((List<?>) hello).get(5), "HELLO answers RESP2's array: proto 2");
        }
    }
}
