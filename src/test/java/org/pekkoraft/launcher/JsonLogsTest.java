package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/logback-json.xml, which -Draft.log.format=json selects, writes one JSON object per log line. */
class JsonLogsTest {

  @TempDir
  Path dir;

  @Test
  void everyLineOfTheNodeLogIsAJsonObjectWithTheFormattedMessage() throws Exception {
    Path log = dir.resolve("node.log");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty(NodeMain.LOG_FILE, log.toString());
    context.putProperty("raft.stdout.level", "OFF");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Path.of("conf/logback-json.xml").toFile());
    List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() > Status.INFO).toList();
    assertTrue(problems.isEmpty(), "conf/logback-json.xml: " + problems);

    context.getLogger("org.pekkoraft.node.NodeBehaviors").info("{} is now {} in term {}", "node-1", "LEADER", 3);
    context.getLogger("org.pekkoraft.node.NodeBehaviors").error("the journal failed", new IllegalStateException("disk"));
    context.getLogger("org.apache.pekko.io").info("below the level of org.apache.pekko: not written");
    context.stop();

    List<String> lines = Files.readAllLines(log);
    assertEquals(2, lines.size(), String.join("\n", lines));
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertEquals("node-1 is now LEADER in term 3", first.get("formattedMessage").asText());
    assertEquals("INFO", first.get("level").asText());
    assertEquals("org.pekkoraft.node.NodeBehaviors", first.get("loggerName").asText());
    assertTrue(first.get("timestamp").asLong() > 0);
    JsonNode second = json.readTree(lines.get(1));
    assertEquals("ERROR", second.get("level").asText());
    assertTrue(second.get("throwable").toString().contains("disk"), lines.get(1));
  }
}
