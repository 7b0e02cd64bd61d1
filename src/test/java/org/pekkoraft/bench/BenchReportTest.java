package org.pekkoraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final String SETUP = "3 nodes, data in C:\\bench\\\"run 1\"\n fsync on";

  private final BenchReport report = new BenchReport(SETUP,
      List.of(new BenchReport.Row(4, 1234.56, 0.12344, 1.5, 2.25, 31.415, 42.0, 0, Double.NaN, 57, 1.0)),
      List.of(900L, 1200L, 700L), new BenchReport.Recovery(2000, 123456, 789, 3210));

  @Test
  void theJsonIsValidAndKeepsTheSetupTextExactly() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.json());
    assertEquals(SETUP, json.get("setup").asText(), "backslashes, quotes and line breaks are escaped");
    JsonNode row = json.get("rows").get(0);
    assertEquals(4, row.get("clients").asInt());
    assertEquals(1234.6, row.get("opsPerSecond").asDouble());
    assertEquals(0.1234, row.get("p50Ms").asDouble());
    assertEquals(31.42, row.get("cpuMicrosPerOp").asDouble());
    String text = report.json();
    assertTrue(text.contains("\"p999Ms\":2.2500,") && text.contains("\"ackedSecondsShare\":1.000}"),
        "numbers keep the table's digits: " + text);
    assertTrue(row.get("switchesPerOp").isNull(), "NaN is not JSON: null");
    assertEquals(57, row.get("threads").asInt());
    assertEquals(3, json.get("failoverMillis").size());
    assertEquals(900, json.get("failoverMedianMillis").asLong());
    assertEquals(1200, json.get("failoverMaxMillis").asLong());
    assertEquals(123456, json.get("recovery").get("journalBytes").asLong());
    assertEquals(3210, json.get("recovery").get("recoveredMillis").asLong());
  }

  @Test
  void withoutFailoversOrRecoveryThoseFieldsAreLeftOut() throws Exception {
    JsonNode json = new ObjectMapper().readTree(new BenchReport("s", List.of(), List.of(), null).json());
    assertEquals(0, json.get("failoverMillis").size());
    assertTrue(json.get("failoverMedianMillis") == null && json.get("recovery") == null, json.toString());
  }
}
