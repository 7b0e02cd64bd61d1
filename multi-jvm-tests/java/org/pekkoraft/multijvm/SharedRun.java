package org.pekkoraft.multijvm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/**
 * What every client of one nemesis run shares: the recorded history, the flag that stops them, the source of new
 * history process numbers (a client whose operation timed out continues as a new process), the operation counts,
 * and the acknowledgements that time failovers.
 */
record SharedRun(History<KvInput, KvOutput> history, AtomicBoolean running, AtomicInteger processes,
    OpCounts counts, Failovers failovers) {}
