/**
 * Multi-JVM tests: every Raft node is a real {@code raft node} process (same JDK and class path as the test JVM),
 * killed with SIGKILL, paused with SIGSTOP, restarted on its data directory and partitioned through its link
 * filter, while clients in the test JVM talk to the cluster over Artery. Run by failsafe in {@code mvn verify}
 * (classes named {@code *IT}); they may use every test-scope class (lincheck, testkit).
 */
package org.pekkoraft.multijvm;
