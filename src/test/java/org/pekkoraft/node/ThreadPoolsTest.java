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
      for (String user : new String[] {"pekko.remote.artery.advanced.use-dispatcher",
          "pekko-raft.snapshot-store.stream-dispatcher"}) {
        assertSame(main, dispatchers.lookup(DispatcherSelector.fromConfig(settings.getString(user))), user);
      }
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
