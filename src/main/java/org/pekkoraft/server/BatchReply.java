package org.pekkoraft.server;

import java.util.Arrays;
import java.util.List;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Gathers the answers to the writes of one client batch and tells them as one {@link ClientResponse.Batch} once every
 * write has its answer: writes proposed together commit and apply together, so one message answers them all.
 * Each write answers through its own {@link #slot}; a second answer to a slot is ignored.
 */
final class BatchReply {

  private final ClientResponse[] answers;
  private final ReplyTo replyTo;
  private int missing;

  BatchReply(int writes, ReplyTo replyTo) {
    this.answers = new ClientResponse[writes];
    this.missing = writes;
    this.replyTo = replyTo;
  }

  ReplyTo slot(int write) {
    return answer -> {
      if (answers[write] != null) {
        return;
      }
      answers[write] = answer;
      if (--missing == 0) {
        replyTo.tell(new ClientResponse.Batch(List.copyOf(Arrays.asList(answers))));
      }
    };
  }
}
