package org.pekkoraft.launcher;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;

/**
 * {@link KvTransport} over Artery, through a {@link KvClient} in a {@link ClientSystem}: for nodes whose HTTP API this
 * client does not know (an Artery endpoint in {@code --nodes} that no conf file names). Each request waits at most
 * for what is left of the command's deadline.
 */
final class ArteryKv implements KvTransport {

  private final KvClient kv;
  private final long deadline;
  private final Duration timeout;

  ArteryKv(KvClient kv, Duration timeout) {
    this.kv = kv;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  @Override
  public void put(Bytes key, Bytes value) {
    await(kv.put(key, value));
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    return await(kv.get(key));
  }

  @Override
  public boolean delete(Bytes key) {
    return await(kv.delete(key));
  }

  @Override
  public KvResult.CasResult cas(Bytes key, Bytes expected, Bytes newValue) {
    return await(kv.cas(key, expected, newValue));
  }

  @Override
  public KvResult.RangeResult range(Bytes from, Bytes to, int limit) {
    return await(kv.range(from, to, limit));
  }

  @Override
  public KvResult.TxnResult txn(KvCommand.Txn txn) {
    return await(kv.txn(txn));
  }

  private <T> T await(CompletionStage<T> stage) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new LauncherException(ExitCodes.NO_LEADER, "no leader answered within " + timeout.toMillis() + " ms");
    }
    return ClientMain.await(stage, Duration.ofNanos(left));
  }
}
