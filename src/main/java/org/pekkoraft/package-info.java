/** Raft consensus on Apache Pekko. */
package org.pekkoraft;
