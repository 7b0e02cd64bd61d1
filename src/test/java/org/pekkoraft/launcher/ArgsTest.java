package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;

class ArgsTest {

  private static final CommandSpec PUT = Usage.command("put").orElseThrow();
  private static final CommandSpec STATUS = Usage.command("status").orElseThrow();
  private static final CommandSpec CLUSTER = Usage.command("cluster").orElseThrow();
  private static final CommandSpec REMOVE = Usage.command("remove-member").orElseThrow();

  @Test
  void optionsTakeTheirValueFromTheNextTokenOrAfterAnEqualsSign() {
    Args args = Args.parse(PUT, List.of("k", "--timeout=2s", "--nodes", "h:1,h:2", "v"));
    assertEquals(List.of("k", "v"), args.positional());
    assertEquals(Optional.of("h:1,h:2"), args.option("nodes"));
    assertEquals(Duration.ofSeconds(2), args.duration("timeout", Duration.ZERO));
    assertFalse(args.help());
  }

  @Test
  void anUnknownOptionIsAUsageErrorOfItsCommand() {
    UsageException e = assertThrows(UsageException.class, () -> Args.parse(PUT, List.of("k", "v", "--frob")));
    assertEquals("put", e.command());
    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("--frob"), e.getMessage());
  }

  @Test
  void anUnknownShortOptionIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> Args.parse(PUT, List.of("-x", "k", "v")));
    assertTrue(e.getMessage().contains("-x"), e.getMessage());
  }

  @Test
  void anOptionOfAnotherCommandIsUnknownHere() {
    assertThrows(UsageException.class, () -> Args.parse(PUT, List.of("k", "v", "--json")));
  }

  @Test
  void anOptionGivenTwiceIsAUsageError() {
    UsageException e = assertThrows(UsageException.class,
        () -> Args.parse(PUT, List.of("k", "v", "--timeout", "1s", "--timeout=2s")));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> Args.parse(PUT, List.of("k", "v", "--nodes")));
    assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
  }

  @Test
  void aFlagTakesNoValue() {
    assertThrows(UsageException.class, () -> Args.parse(STATUS, List.of("--json=yes")));
    assertTrue(Args.parse(STATUS, List.of("--json")).flag("json"));
  }

  @Test
  void afterDoubleDashEveryTokenIsAnArgument() {
    Args args = Args.parse(PUT, List.of("--", "--key", "-value"));
    assertEquals(List.of("--key", "-value"), args.positional());
  }

  @Test
  void aNegativeNumberIsAnArgumentNotAnOption() {
    assertEquals(List.of("k", "-5"), Args.parse(PUT, List.of("k", "-5")).positional());
  }

  @Test
  void theWrongNumberOfArgumentsIsAUsageError() {
    assertThrows(UsageException.class, () -> Args.parse(PUT, List.of()));
    assertThrows(UsageException.class, () -> Args.parse(PUT, List.of("k", "v", "extra")));
    assertThrows(UsageException.class, () -> Args.parse(STATUS, List.of("node-1")));
  }

  @Test
  void helpIsAcceptedAnywhereAndWaivesTheArgumentCount() {
    assertTrue(Args.parse(PUT, List.of("--help")).help());
    assertTrue(Args.parse(PUT, List.of("k", "-h")).help());
  }

  @Test
  void durationsAcceptSecondsAndMilliseconds() {
    assertEquals(Duration.ofMillis(500), duration("500ms"));
    assertEquals(Duration.ofMillis(2500), duration("2.5s"));
    assertEquals(Duration.ofSeconds(3), duration("3"));
    for (String bad : List.of("0s", "soon", "-1s", "5m", "2h")) {
      assertThrows(UsageException.class, () -> duration(bad), bad);
    }
  }

  @Test
  void wholeNumbersAreCheckedAgainstTheirRange() {
    assertEquals(Optional.of(5), Args.parse(CLUSTER, List.of("--nodes", "5")).intOption("nodes", 1, 99));
    for (String bad : List.of("0", "100", "three", "1.5")) {
      Args args = Args.parse(CLUSTER, List.of("--nodes", bad));
      assertThrows(UsageException.class, () -> args.intOption("nodes", 1, 99), bad);
    }
  }

  @Test
  void aNodeNumberMeansNodeNAndAnythingElseIsTheIdItself() {
    assertEquals(NodeId.of("node-4"), nodeId("4"));
    assertEquals(NodeId.of("node-12"), nodeId("0012"));
    assertEquals(NodeId.of("node-4"), nodeId("node-4"));
    assertEquals(NodeId.of("n1"), nodeId("n1"));
    for (String bad : List.of("0", "12345", "../etc", "node 4", "", "-4")) {
      UsageException e = assertThrows(UsageException.class, () -> nodeId(bad), bad);
      assertEquals("remove-member", e.command());
      assertTrue(e.getMessage().contains("--id must be a node number"), e.getMessage());
    }
  }

  @Test
  void aMissingNodeOptionIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> Args.parse(REMOVE, List.of()).nodeId("id"));
    assertEquals("'remove-member' needs --id N", e.getMessage());
  }

  private static NodeId nodeId(String text) {
    return Args.parse(REMOVE, List.of("--id=" + text)).nodeId("id");
  }

  private static Duration duration(String text) {
    return Args.parse(PUT, List.of("k", "v", "--timeout", text)).duration("timeout", Duration.ZERO);
  }
}
