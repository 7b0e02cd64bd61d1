package org.pekkoraft.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void equalBytesAreEqualWhateverArrayTheyCameFrom() {
    byte[] raw = {(byte) 0x80, 'b', 'i', 'n'};
    Bytes a = Bytes.copyOf(raw);
    raw[0] = 0;
    assertEquals(Bytes.fromHex("8062696e"), a);
    assertEquals(Bytes.fromHex("8062696E").hashCode(), a.hashCode());
    assertNotEquals(Bytes.fromHex("8162696e"), a);
    byte[] out = a.toByteArray();
    out[1] = 'X';
    assertEquals(Bytes.fromHex("8062696e"), a);
    assertEquals(Bytes.EMPTY, Bytes.copyOf(new byte[0]));
    assertEquals(Bytes.EMPTY, Bytes.utf8(""));
  }

  @Test
  void orderIsUnsignedLexicographicWithAPrefixFirst() {
    List<Bytes> keys = new ArrayList<>(List.of(Bytes.fromHex("ff"), Bytes.fromHex("80"), Bytes.fromHex("7f"),
        Bytes.utf8("ab"), Bytes.utf8("a"), Bytes.EMPTY, Bytes.fromHex("00")));
    keys.sort(null);
    assertEquals(List.of("", "0x00", "a", "ab", "0x7f", "0x80", "0xff"), keys.stream().map(Bytes::toString)
        .toList());
  }

  @Test
  void toStringShowsPrintableTextAsItIsAndAnythingElseAsHex() {
    assertEquals("hello wörld ✓", Bytes.utf8("hello wörld ✓").toString());
    assertEquals("two\nlines\tand a tab", Bytes.utf8("two\nlines\tand a tab").toString());
    assertEquals("0x8062696e", Bytes.fromHex("8062696e").toString());
    assertEquals("0x610062", Bytes.utf8("a\u0000b").toString());
    assertEquals("0x1b5b306d", Bytes.utf8("\u001b[0m").toString());
    assertEquals("0xeda080", Bytes.fromHex("eda080").toString(), "an encoded surrogate is not UTF-8");
  }

  @Test
  void utf8IsDecodedStrictly() {
    assertEquals("ünïcode", Bytes.utf8("ünïcode").toUtf8());
    assertTrue(Bytes.utf8("\u0001").isUtf8());
    assertFalse(Bytes.utf8("\u0001").isPrintableUtf8());
    assertFalse(Bytes.fromHex("8062696e").isUtf8());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Bytes.fromHex("8062696e").toUtf8());
    assertEquals("not UTF-8 text (4 bytes: 0x8062696e); read it as bytes", e.getMessage());
  }

  @Test
  void hexAndBase64RoundTripAndRefuseWhatTheyCannotRead() {
    Bytes b = Bytes.fromHex("8062696e");
    assertEquals("8062696e", b.toHex());
    assertEquals("gGJpbg==", b.toBase64());
    assertEquals(b, Bytes.fromBase64("gGJpbg=="));
    assertEquals(b, Bytes.fromBase64("gGJpbg"));
    assertEquals("not hex (two digits 0-9a-f per byte): '806'",
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("806")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
    assertEquals("not base64: 'gG*'",
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromBase64("gG*")).getMessage());
  }

  @Test
  void prefixEndAndSuccessorBoundTheRangesTheyNameExactly() {
    assertEquals(Optional.of(Bytes.utf8("apq")), Bytes.utf8("app").prefixEnd());
    assertEquals(Optional.of(Bytes.fromHex("62")), Bytes.fromHex("61ffff").prefixEnd());
    assertEquals(Optional.empty(), Bytes.fromHex("ffff").prefixEnd());
    assertEquals(Optional.empty(), Bytes.EMPTY.prefixEnd());
    assertEquals(Bytes.fromHex("6100"), Bytes.utf8("a").successor());
    assertTrue(Bytes.utf8("app/x").startsWith(Bytes.utf8("app")));
    assertFalse(Bytes.utf8("ap").startsWith(Bytes.utf8("app")));
    assertArrayEquals(new byte[] {0}, Bytes.EMPTY.successor().toByteArray());
  }
}
