package io.quiver.resp;

import io.quiver.cli.RespClient;
import io.quiver.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VREM of a vector set's last element deletes the set (Redis 8), and a VADD racing with it from
 * another connection is never lost: the set is either kept (the VADD landed first) or made anew
 * with the VADD's element. Over a 3-shard server, where the set's elements live on every shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSetRemoveRaceTest {
    private static final int ROUNDS = 400;
    private TestServer server;
    private RespClient remover, adder, checker;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start(3);
        remover = new RespClient("127.0.0.1", server.respPort(), 10_000);
        adder = new RespClient("127.0.0.1", server.respPort(), 10_000);
        checker = new RespClient("127.0.0.1", server.respPort(), 10_000);
    }

    @AfterAll
    void stop() throws IOException {
        remover.close();
        adder.close();
        checker.close();
        server.close();
    }

    private static List<byte[]> argv(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.getBytes());
        }
        return out;
    }

    /** Busy-waits about {@code nanos}: the VADD leaves at a different point of the VREM's steps each round. */
    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aVaddRacingTheRemovalOfTheLastElementIsNeverLost() throws IOException {
        List<String> lost = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String element = "added-" + round;
            assertEquals(1L, checker.call("VADD", "race", "VALUES", "2", "1", "0", "only"));
            remover.send(argv("VREM", "race", "only"));
            spin((round % 40) * 25_000L); // 0 to 1 ms after the VREM, in steps of 25 µs
            adder.send(argv("VADD", "race", "VALUES", "2", "0", "1", element));
            assertEquals(1L, remover.read(), "round " + round + ": VREM removed the element");
            Object added = adder.read();
            assertEquals(1L, added, "round " + round + ": VADD acknowledged the new element");
            if (!Long.valueOf(1L).equals(checker.call("VISMEMBER", "race", element))) {
                lost.add(element);
            }
            checker.call("VREM", "race", element);
            checker.call("VREM", "race", "only");
            assertEquals(0L, checker.call("EXISTS", "race"), "round " + round + ": emptied by VREM, the set is gone");
        }
        assertTrue(lost.isEmpty(), "acknowledged VADDs lost: " + lost);
    }
}
