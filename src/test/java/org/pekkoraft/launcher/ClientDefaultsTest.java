package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The client's copy of a few library defaults must stay what reference.conf says. */
class ClientDefaultsTest {

  @Test
  void everyDefaultTheClientReadsIsReferenceConfs() {
    Config reference = ConfigFactory.defaultReference();
    for (String path : ClientDefaults.PATHS) {
      assertEquals(reference.getValue(path).unwrapped(), ClientDefaults.config().getValue(path).unwrapped(), path);
    }
  }
}
