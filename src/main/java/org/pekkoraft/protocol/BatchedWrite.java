package org.pekkoraft.protocol;

import java.util.Arrays;

/** One write of a {@link NodeProtocol.ClientBatch}: its sequence number in the client's session and its command. */
public record BatchedWrite(long sequence, byte[] command) {

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchedWrite w && sequence == w.sequence && Arrays.equals(command, w.command);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + Arrays.hashCode(command);
  }

  @Override
  public String toString() {
    return "BatchedWrite[seq=" + sequence + " " + command.length + "B]";
  }
}
