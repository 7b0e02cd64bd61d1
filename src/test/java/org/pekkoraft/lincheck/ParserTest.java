package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readers of Porcupine's key-value histories and Jepsen's etcd logs. */
class ParserTest {

    private static List<Operation<KvInput, KvOutput>> kv(String text) throws IOException {
        return PorcupineKvParser.parse(new BufferedReader(new StringReader(text)), "test.txt");
    }

    private static List<Operation<RegisterInput, RegisterOutput>> etcd(String text) throws IOException {
        return JepsenEtcdParser.parse(new BufferedReader(new StringReader(text)), "test.log");
    }

    @Test
    void porcupineKvLinesBecomeOperationsTimedByLineNumber() throws IOException {
        List<Operation<KvInput, KvOutput>> ops = kv(String.join("\n",
                "{:process 0, :type :invoke, :f :get, :key \"5\", :value nil}",
                "{:process 1, :type :invoke, :f :append, :key \"5\", :value \"x 1 0 y\"}",
                "{:process 0, :type :ok, :f :get, :key \"5\", :value \"\"}",
                "{:process 1, :type :ok, :f :append, :key \"5\", :value \"x 1 0 y\"}",
                "{:process 2, :type :invoke, :f :put, :key \"6\", :value \"a \\\"q\\\"\"}",
                "{:process 0, :type :invoke, :f :get, :key \"5\", :value nil}",
                "{:process 0, :type :ok, :f :get, :key \"5\", :value \"x 1 0 y\"}"));
        assertEquals(List.of(
                KvOps.get(0, 1, 3, "5", null),
                KvOps.append(1, 2, 4, "5", "x 1 0 y"),
                KvOps.unknown(2, 5, new KvInput.Put("6", "a \"q\"")),
                KvOps.get(0, 6, 7, "5", "x 1 0 y")), ops);
    }

    @Test
    void porcupineKvErrorsNameTheLine() {
        assertKvError("{:process 0, :type :ok, :f :get, :key \"5\", :value \"\"}", 1, "no open :get");
        assertKvError("{:process 0, :type :invoke, :f :get, :key \"5\" :value nil", 1, "unexpected end of line");
        assertKvError("{:process 0, :type :invoke, :f :frob, :key \"5\", :value nil}", 1, "unknown :f :frob");
        assertKvError("{:process 0, :type :invoke, :f :put, :key \"5\", :value \"\"}", 1, "absent key");
        assertKvError("{:process 0, :type :invoke, :f :get, :value nil}", 1, "expected :key to be a String");
        assertKvError("{:process 0, :type :invoke, :f :get, :key \"5\", :value nil}\n"
                + "{:process 0, :type :invoke, :f :get, :key \"5\", :value nil}", 2, "previous operation is open");
    }

    @Test
    void etcdLogLinesBecomeRegisterOperations() throws IOException {
        List<Operation<RegisterInput, RegisterOutput>> ops = etcd(String.join("\n",
                "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 1\t:invoke\t:write\t4",
                "INFO  jepsen.util - 2   :invoke :cas    [4 1]",
                "INFO  jepsen.util - 3\t:invoke\t:cas\t[0 2]",
                "INFO  jepsen.util - 4\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 0\t:ok\t:read\tnil",
                "INFO  jepsen.util - 1\t:info\t:write\t:timed-out",
                "INFO  jepsen.util - 2\t:ok\t:cas\t[4 1]",
                "INFO  jepsen.util - 3\t:fail\t:cas\t[0 2]",
                "INFO  jepsen.util - 4\t:fail\t:read\t:timed-out",
                "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 0\t:ok\t:read\t1",
                ""));
        assertEquals(List.of(
                Operation.completed(0, new RegisterInput.Read(), 1, new RegisterOutput.Value(null), 6),
                Operation.unknown(1, new RegisterInput.Write(4), 2),
                Operation.completed(2, new RegisterInput.Cas(4, 1), 3, new RegisterOutput.Applied(true), 8),
                Operation.completed(3, new RegisterInput.Cas(0, 2), 4, new RegisterOutput.Applied(false), 9),
                Operation.completed(0, new RegisterInput.Read(), 11, new RegisterOutput.Value(1), 12)), ops);
    }

    @Test
    void etcdLogErrorsNameTheLine() {
        assertEtcdError("INFO  jepsen.util - 0\t:invoke\t:frob\tnil", 1, "not a jepsen.util operation line");
        assertEtcdError("INFO  jepsen.util - 0\t:ok\t:read\t3", 1, "no open :read by process 0");
        assertEtcdError("INFO  jepsen.util - 0\t:invoke\t:cas\t[1]", 1, "a cas takes [from to]");
        assertEtcdError("INFO  jepsen.util - 0\t:invoke\t:write\tx", 1, "expected an integer");
        assertEtcdError("INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                + "INFO  jepsen.util - 0\t:ok\t:write\t2", 2, "does not match the invocation");
    }

    private static void assertKvError(String text, int line, String problem) {
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> kv(text));
        assertMessage(e, "test.txt:" + line + ": ", problem, text.split("\n")[line - 1]);
    }

    private static void assertEtcdError(String text, int line, String problem) {
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> etcd(text));
        assertMessage(e, "test.log:" + line + ": ", problem, text.split("\n")[line - 1]);
    }

    private static void assertMessage(Exception e, String location, String problem, String badLine) {
        assertTrue(e.getMessage().startsWith(location), e::getMessage);
        assertTrue(e.getMessage().contains(problem), e::getMessage);
        assertTrue(e.getMessage().endsWith("line: " + badLine), e::getMessage);
    }
}
