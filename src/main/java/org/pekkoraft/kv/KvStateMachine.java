package org.pekkoraft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pekkoraft.statemachine.Codec;
import org.pekkoraft.statemachine.StateMachine;

/**
 * A replicated map of strings. A hash map, because every committed write lands here on every node (a sorted map
 * cost 10% of the CPU at 64 writers in bin/raft bench); snapshots write the keys in sorted order, so that snapshots
 * of equal states are equal bytes.
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvResult> {

  private final HashMap<String, String> data = new HashMap<>();

  @Override
  public KvResult apply(long index, KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      data.put(p.key(), p.value());
      return new KvResult.Done();
    }
    if (command instanceof KvCommand.Delete d) {
      return new KvResult.Deleted(data.remove(d.key()) != null);
    }
    if (command instanceof KvCommand.Cas c) {
      String current = data.get(c.key());
      boolean matches = c.expected() == null ? current == null : c.expected().equals(current);
      if (matches) {
        data.put(c.key(), c.newValue());
      }
      return new KvResult.CasResult(matches, Optional.ofNullable(current));
    }
    return query(command);
  }

  @Override
  public KvResult query(KvCommand query) {
    if (!(query instanceof KvCommand.Get g)) {
      throw new IllegalArgumentException("only get is read-only, not " + query.getClass().getSimpleName());
    }
    return new KvResult.Value(Optional.ofNullable(data.get(g.key())));
  }

  public int size() {
    return data.size();
  }

  @Override
  public byte[] snapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(data.size());
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void restore(byte[] snapshot) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
      data.clear();
      int size = in.readInt();
      for (int i = 0; i < size; i++) {
        data.put(readString(in), readString(in));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt KV snapshot", e);
    }
  }

  @Override
  public Codec<KvCommand> commandCodec() {
    return KvCodec.COMMANDS;
  }

  @Override
  public Codec<KvResult> resultCodec() {
    return KvCodec.RESULTS;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
