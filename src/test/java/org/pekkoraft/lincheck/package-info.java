/**
 * A linearizability checker for test histories: Wing &amp; Gong's search with Lowe's memoization
 * (as in Porcupine), plus models and recorders for the replicated key-value store.
 *
 * <p>Typical use in a concurrent test:
 *
 * <pre>{@code
 * History<KvInput, KvOutput> history = new History<>();
 * // in each client thread, around every request:
 * History.Handle h = history.invoke(clientId, new KvInput.Put("k", "v"));
 * ... send the request ...
 * history.ok(h, KvOutput.OK);   // or history.fail(h) if it surely had no effect,
 *                               // or history.info(h) if it timed out
 * // after the clients stop:
 * Result result = LinearizabilityChecker.check(new KvModel(), history.operations(), Duration.ofSeconds(30));
 * if (!result.isLinearizable()) {
 *     HistoryFile.write(Path.of("target/failed-history.txt"), history.operations(), new KvTextCodec());
 * }
 * assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
 * }</pre>
 */
package org.pekkoraft.lincheck;
