package io.quiver.vector.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorReadersTest {
    private static byte[] npy(String descr, String fortran, String shape, int dataFloats) {
        String header = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': (" + shape + "), }\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataFloats * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < dataFloats; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    @Test
    void npyReadsRowsInCOrder() throws IOException {
        NpyReader r = new NpyReader(new ByteArrayInputStream(npy("<f4", "False", "2, 3", 6)));
        assertEquals(3, r.dimension());
        assertEquals(2, r.expectedRows());
        assertArrayEquals(new float[]{0, 1, 2}, r.next().vector());
        assertArrayEquals(new float[]{3, 4, 5}, r.next().vector());
        assertNull(r.next());
    }

    @Test
    void npyRefusesOtherDtypesOrdersAndShapes() {
        assertTrue(assertThrows(VectorFormatException.class, () -> new NpyReader(new ByteArrayInputStream(npy("<f8", "False", "2, 3", 0))))
                .getMessage().contains("float32"));
        assertTrue(assertThrows(VectorFormatException.class, () -> new NpyReader(new ByteArrayInputStream(npy("<f4", "True", "2, 3", 0))))
                .getMessage().contains("Fortran"));
        assertTrue(assertThrows(VectorFormatException.class, () -> new NpyReader(new ByteArrayInputStream(npy("<f4", "False", "6,", 0))))
                .getMessage().contains("2-D"));
        assertThrows(VectorFormatException.class, () -> new NpyReader(new ByteArrayInputStream("not numpy".getBytes())));
    }

    @Test
    void npyTruncatedDataIsAnError() throws IOException {
        NpyReader r = new NpyReader(new ByteArrayInputStream(npy("<f4", "False", "2, 3", 4)));
        r.next();
        assertThrows(VectorFormatException.class, r::next);
    }

    @Test
    void fvecsRefusesChangingDimensionsAndTruncation() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putFloat(1).putFloat(2).putInt(1).putFloat(3);
        FvecsReader r = new FvecsReader(new ByteArrayInputStream(b.array()));
        assertArrayEquals(new float[]{1, 2}, r.next().vector());
        assertTrue(assertThrows(VectorFormatException.class, r::next).getMessage().contains("differs"));
        FvecsReader t = new FvecsReader(new ByteArrayInputStream(new byte[]{2, 0, 0, 0, 1}));
        assertThrows(VectorFormatException.class, t::next);
    }

    @Test
    void jsonlReadsIdsVectorsAndPayloadTextAndNamesBadLines() throws IOException {
        String text = "{\"id\": 18446744073709551615, \"vector\": [1, 2.5], \"payload\": {\"a\": [1, {\"b\": null}]}}\n"
                + "{\"id\": \"x\", \"vector\": [0, 0], \"extra\": {\"ignored\": true}}\n"
                + "{\"vector\": [1]\n";
        JsonlReader r = new JsonlReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        VectorRow first = r.next();
        assertEquals(-1L, first.id());
        assertArrayEquals(new float[]{1, 2.5f}, first.vector());
        assertEquals("{\"a\":[1,{\"b\":null}]}", first.payload());
        assertEquals("x", r.next().id());
        assertTrue(assertThrows(VectorFormatException.class, r::next).getMessage().contains("line 3"));
    }

    @Test
    void formatComesFromTheNameOrIsGiven() {
        assertEquals(VectorFormat.FVECS, VectorFormat.of(null, "/a/b.fvecs"));
        assertEquals(VectorFormat.NPY, VectorFormat.of(null, "https://h/x.npy?sig=1"));
        assertEquals(VectorFormat.JSONL, VectorFormat.of("jsonl", "whatever.bin"));
        assertThrows(IllegalArgumentException.class, () -> VectorFormat.of(null, "data.csv"));
    }
}
