package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {

  @Test
  void pekkosInternalArteryAndReplayWorkRunOnTheDefaultDispatcher() {
    Config config = ConfigFactory.parseString("pekko.actor.provider = local")
        .withFallback(ThreadPools.config()).withFallback(ConfigFactory.load()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "threads", config);
    try {
      var dispatchers = system.dispatchers();
      var main = dispatchers.lookup(DispatcherSelector.defaultDispatcher());
      assertSame(main, dispatchers.lookup(DispatcherSelector.fromConfig("pekko.actor.internal-dispatcher")));
      Config settings = system.settings().config();
      assertSame(main, dispatchers.lookup(DispatcherSelector.fromConfig(
          settings.getString("pekko.remote.artery.advanced.use-dispatcher"))), "Artery's streams");
      assertSame(dispatchers.lookup(DispatcherSelector.blocking()), dispatchers.lookup(DispatcherSelector.fromConfig(
          settings.getString("pekko-raft.snapshot-store.stream-dispatcher"))), "snapshot saves block: not on main");
      assertEquals(4, settings.getInt(
          "pekko.actor.default-blocking-io-dispatcher.thread-pool-executor.fixed-pool-size"));
      assertEquals(1, settings.getInt("pekko.remote.artery.advanced.inbound-lanes"));
    } finally {
      system.terminate();
    }
  }

  @Test
  void theApplicationsOwnSettingWins() {
    Config config = ConfigFactory.parseString("pekko.remote.artery.advanced.inbound-lanes = 4")
        .withFallback(ThreadPools.config()).withFallback(ConfigFactory.load()).resolve();
    assertEquals(4, config.getInt("pekko.remote.artery.advanced.inbound-lanes"));
  }
}
