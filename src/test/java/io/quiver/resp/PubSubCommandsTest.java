package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.config.ConfigKeys;
import io.quiver.testing.RawConnection;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.quiver.testing.RespReplies.error;
import static io.quiver.testing.RespReplies.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE, PUBLISH, PUBSUB and subscribed mode with Redis's replies (cases from Redis's pubsub.tcl). */
class PubSubCommandsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        // two event loops: subscribers and publishers land on both, so delivery crosses them
        server = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 2).with(ConfigKeys.EVENT_LOOPS, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A reply with bulk strings turned to text, so whole messages compare with List.of(...). */
    static Object text(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(text(o));
            }
            return out;
        }
        return reply;
    }

    private static Object read(RespClient c) throws IOException {
        return text(c.read());
    }

    private static void send(RespClient c, String... argv) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : argv) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        c.send(a);
    }

    private static long publish(String channel, String message) throws IOException {
        try (RespClient c = server.resp()) {
            return (Long) c.call("PUBLISH", channel, message);
        }
    }

    @Test
    void subscribeAcknowledgesEachChannelWithTheSubscriptionCount() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "ack:a", "ack:b", "ack:a");
            assertEquals(List.of("subscribe", "ack:a", 1L), read(sub));
            assertEquals(List.of("subscribe", "ack:b", 2L), read(sub));
            assertEquals(List.of("subscribe", "ack:a", 2L), read(sub), "a second SUBSCRIBE to a channel changes nothing");
        }
    }

    @Test
    void publishAnswersTheReceiversAndDeliversToEach() throws IOException {
        try (RespClient a = server.resp(); RespClient b = server.resp()) {
            for (RespClient c : List.of(a, b)) {
                send(c, "SUBSCRIBE", "two:chan");
                read(c);
            }
            assertEquals(2L, publish("two:chan", "hello"));
            assertEquals(List.of("message", "two:chan", "hello"), read(a));
            assertEquals(List.of("message", "two:chan", "hello"), read(b));
            assertEquals(0L, publish("two:other", "nobody"));
        }
    }

    @Test
    void messagesFromOnePublisherArriveInTheOrderPublished() throws IOException {
        try (RespClient sub = server.resp(); RespClient pub = server.resp()) {
            send(sub, "SUBSCRIBE", "order:chan");
            read(sub);
            for (int i = 0; i < 200; i++) {
                send(pub, "PUBLISH", "order:chan", Integer.toString(i));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(1L, pub.read());
                assertEquals(List.of("message", "order:chan", Integer.toString(i)), read(sub));
            }
        }
    }

    @Test
    void subscribersOnEveryEventLoopGetTheMessage() throws IOException {
        List<RespClient> subs = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) { // connections are spread over the server's two event loops
                RespClient c = server.resp();
                subs.add(c);
                send(c, "SUBSCRIBE", "loops:chan");
                read(c);
            }
            assertEquals(6L, publish("loops:chan", "all"));
            for (RespClient c : subs) {
                assertEquals(List.of("message", "loops:chan", "all"), read(c));
            }
        } finally {
            for (RespClient c : subs) {
                c.close();
            }
        }
    }

    @Test
    void psubscribeMatchesWithRedisGlobRules() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "PSUBSCRIBE", "glob:[ab]?:*");
            assertEquals(List.of("psubscribe", "glob:[ab]?:*", 1L), read(sub));
            assertEquals(0L, publish("glob:c1:x", "no"));
            assertEquals(0L, publish("glob:a:x", "no"));
            assertEquals(1L, publish("glob:b7:login", "yes"));
            assertEquals(List.of("pmessage", "glob:[ab]?:*", "glob:b7:login", "yes"), read(sub));
        }
    }

    @Test
    void aChannelAndAMatchingPatternEachDeliverAndCount() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "mix.bar");
            assertEquals(List.of("subscribe", "mix.bar", 1L), read(sub));
            send(sub, "PSUBSCRIBE", "mix.*");
            assertEquals(List.of("psubscribe", "mix.*", 2L), read(sub));
            assertEquals(2L, publish("mix.bar", "hello"));
            assertEquals(List.of("message", "mix.bar", "hello"), read(sub));
            assertEquals(List.of("pmessage", "mix.*", "mix.bar", "hello"), read(sub));
        }
    }

    @Test
    void unsubscribeWithoutArgumentsEndsEveryChannelSubscription() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "all:1", "all:2");
            read(sub);
            read(sub);
            send(sub, "UNSUBSCRIBE");
            assertEquals(List.of("unsubscribe", "all:1", 1L), read(sub));
            assertEquals(List.of("unsubscribe", "all:2", 0L), read(sub));
            assertEquals(0L, publish("all:1", "gone"));
            assertEquals("PONG", status(sub.call("PING")), "out of subscribed mode");
        }
    }

    @Test
    void unsubscribingWithNoSubscriptionsStillReplies() throws IOException {
        try (RespClient c = server.resp()) {
            assertEquals(java.util.Arrays.asList("punsubscribe", null, 0L), text(c.call("PUNSUBSCRIBE")));
            assertEquals(java.util.Arrays.asList("unsubscribe", null, 0L), text(c.call("UNSUBSCRIBE")));
            send(c, "PUNSUBSCRIBE", "no.*", "nor.*");
            assertEquals(List.of("punsubscribe", "no.*", 0L), read(c));
            assertEquals(List.of("punsubscribe", "nor.*", 0L), read(c));
        }
    }

    @Test
    void resp2SubscribedModeRefusesOtherCommandsWithRedisError() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "mode:chan");
            read(sub);
            assertEquals("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                    + "allowed in this context", error(sub.call("GET", "k")));
            assertEquals("ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                    + "allowed in this context", error(sub.call("MULTI")));
        }
    }

    @Test
    void resp2SubscribedModePingAnswersPongAndTheArgument() throws IOException {
        try (RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "ping:chan");
            read(sub);
            assertEquals(List.of("pong", ""), text(sub.call("PING")));
            assertEquals(List.of("pong", "foo"), text(sub.call("PING", "foo")));
        }
    }

    @Test
    void resp3PushesMessagesAndOtherCommandsStillRun() throws IOException {
        try (RawConnection c = new RawConnection(server.respPort())) {
            c.write("HELLO 3\r\n");
            c.read(1); // the map; what follows is read line by line
            while (c.available() > 0) {
                c.read(c.available());
            }
            c.write("SUBSCRIBE r3:chan\r\n");
            assertEquals(">3\r\n$9\r\nsubscribe\r\n$7\r\nr3:chan\r\n:1\r\n", c.read(34));
            c.write("GET r3:none\r\n");
            assertEquals("_\r\n", c.read(3), "RESP3 runs other commands while subscribed");
            assertEquals(1L, publish("r3:chan", "hi"));
            assertEquals(">3\r\n$7\r\nmessage\r\n$7\r\nr3:chan\r\n$2\r\nhi\r\n", c.read(38));
            c.write("PING\r\n");
            assertEquals("+PONG\r\n", c.read(7));
        }
    }

    @Test
    void pubsubNumsubNumpatAndChannelsDescribeTheSubscriptions() throws IOException {
        try (RespClient a = server.resp(); RespClient b = server.resp(); RespClient q = server.resp()) {
            send(a, "SUBSCRIBE", "desc:x", "desc:y");
            read(a);
            read(a);
            send(b, "SUBSCRIBE", "desc:x");
            read(b);
            send(a, "PSUBSCRIBE", "descp:*", "descq:*");
            read(a);
            read(a);
            send(b, "PSUBSCRIBE", "descp:*");
            read(b);
            assertEquals(List.of("desc:x", 2L, "desc:y", 1L, "desc:none", 0L),
                    text(q.call("PUBSUB", "NUMSUB", "desc:x", "desc:y", "desc:none")));
            long patterns = (Long) q.call("PUBSUB", "NUMPAT");
            assertTrue(patterns >= 2, "descp:* and descq:* are two distinct patterns: " + patterns);
            @SuppressWarnings("unchecked")
            List<Object> channels = (List<Object>) text(q.call("PUBSUB", "CHANNELS", "desc:*"));
            assertEquals(List.of("desc:x", "desc:y"), channels.stream().sorted().toList());
            assertEquals("ERR unknown subcommand 'NOPE'. Try PUBSUB HELP.", error(q.call("PUBSUB", "NOPE")));
        }
    }

    @Test
    void aClosedConnectionsSubscriptionsEnd() throws Exception {
        RespClient sub = server.resp();
        send(sub, "SUBSCRIBE", "closed:chan");
        read(sub);
        sub.close();
        try (RespClient q = server.resp()) {
            for (int i = 0; i < 100 && !List.of("closed:chan", 0L).equals(text(q.call("PUBSUB", "NUMSUB", "closed:chan"))); i++) {
                Thread.sleep(20);
            }
            assertEquals(List.of("closed:chan", 0L), text(q.call("PUBSUB", "NUMSUB", "closed:chan")));
            assertEquals(0L, q.call("PUBLISH", "closed:chan", "nobody"));
        }
    }

    @Test
    void publishInsideMultiDeliversAfterTheExecReply() throws IOException {
        try (RespClient c = server.resp(); RespClient sub = server.resp()) {
            send(sub, "SUBSCRIBE", "tx:chan");
            read(sub);
            assertEquals("OK", status(c.call("MULTI")));
            assertEquals("QUEUED", status(c.call("PUBLISH", "tx:chan", "one")));
            assertEquals("QUEUED", status(c.call("PUBLISH", "tx:chan", "two")));
            assertEquals(List.of(1L, 1L), c.call("EXEC"));
            assertEquals(List.of("message", "tx:chan", "one"), read(sub));
            assertEquals(List.of("message", "tx:chan", "two"), read(sub));
        }
    }

    @Test
    void shardChannelsAreTheirOwnNamespace() throws IOException {
        try (RespClient sub = server.resp(); RespClient psub = server.resp(); RespClient q = server.resp()) {
            send(sub, "SSUBSCRIBE", "sh:chan");
            assertEquals(List.of("ssubscribe", "sh:chan", 1L), read(sub));
            send(psub, "PSUBSCRIBE", "sh:*");
            read(psub);
            assertEquals(1L, q.call("SPUBLISH", "sh:chan", "s"), "patterns do not see shard channels");
            assertEquals(List.of("smessage", "sh:chan", "s"), read(sub));
            assertEquals(1L, q.call("PUBLISH", "sh:chan", "plain"), "PUBLISH reaches the pattern, not SSUBSCRIBE");
            assertEquals(List.of("pmessage", "sh:*", "sh:chan", "plain"), read(psub), "the pattern saw no SPUBLISH");
            assertEquals(List.of("sh:chan", 1L), text(q.call("PUBSUB", "SHARDNUMSUB", "sh:chan")));
            assertEquals(List.of("sh:chan"), text(q.call("PUBSUB", "SHARDCHANNELS", "sh:*")));
            send(sub, "SUNSUBSCRIBE");
            assertEquals(List.of("sunsubscribe", "sh:chan", 0L), read(sub));
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedPastTheOutputLimitAndThePublisherGoesOn() throws IOException {
        try (TestServer small = TestServer.start(TestServer.base(ConfigKeys.SHARDS, 1)
                .with(ConfigKeys.PUBSUB_OUTPUT_LIMIT, 256L * 1024));
             RawConnection slow = new RawConnection(small.respPort());
             RespClient pub = new RespClient("127.0.0.1", small.respPort(), 5000)) {
            slow.write("SUBSCRIBE slow:chan\r\n");
            slow.readLine();
            String big = "x".repeat(64 * 1024);
            long delivered = 1;
            for (int i = 0; i < 4000 && delivered > 0; i++) { // 256 MB at most: far past any kernel buffer
                delivered = (Long) pub.call("PUBLISH", "slow:chan", big);
            }
            assertEquals(0L, delivered, "past 256 KiB unread (plus what the kernel holds) the subscriber is dropped");
            assertTrue(slow.closedByPeer(), "the slow subscriber's connection is closed");
            assertEquals("PONG", status(pub.call("PING")), "the publisher's connection is healthy");
        }
    }
}
