package org.pekkoraft.testkit;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throws seeded malformed frames at one decoder. Each case is a valid frame (from a real round trip) mutated by
 * {@link Mutator}, now and then plain noise or the valid frame itself, decoded on this thread while
 * {@link Allocation} measures it. A campaign passes when every case decodes or fails with the decoder's documented
 * rejection, and no case allocates more than {@link #BASE_ALLOCATION_LIMIT} plus {@link #BYTES_PER_FRAME_BYTE}
 * per byte of its frame: a decoder that sizes anything by a length it read, rather than by the bytes it has,
 * exceeds that at once.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=N} replays a run and {@code -Dfuzz.cases=N} changes the number of
 * cases per campaign. Each failure names the seed, the case and the frame.
 */
public final class FuzzCampaign {

  /** What decoding a frame may allocate regardless of its size: exceptions, buffers, small objects. */
  public static final long BASE_ALLOCATION_LIMIT = 1 << 20;
  /** What decoding may allocate per byte of the frame: the objects those bytes describe. */
  public static final int BYTES_PER_FRAME_BYTE = 16;

  /** Decodes one frame; what it throws is judged by the campaign. */
  public interface Decoder {
    Object decode(byte[] frame) throws Exception;
  }

  /** A valid frame and what decodes it (for a serializer, with the frame's manifest). */
  public record Sample(byte[] frame, Decoder decoder) {}

  /** How a campaign went: cases run, how many were refused, and the most one case allocated. */
  public record Report(String target, int cases, int refused, long maxAllocated) {}

  private FuzzCampaign() {}

  /** The run's seed: {@code -Dfuzz.seed}, or a new one each run; printed with how to replay it. */
  public static long seed(Class<?> test) {
    Long given = Long.getLong("fuzz.seed");
    long seed = given != null ? given : new SplittableRandom().nextLong();
    System.out.println(test.getSimpleName() + ": fuzz seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    return seed;
  }

  public static int cases(int byDefault) {
    return Integer.getInteger("fuzz.cases", byDefault);
  }

  /** Samples of frames that {@code decoder} reads. */
  public static List<Sample> samples(List<byte[]> frames, Decoder decoder) {
    return frames.stream().map(f -> new Sample(f, decoder)).toList();
  }

  /**
   * Runs {@code cases} cases against the samples' decoders, whose only documented failure is {@code rejection}.
   * Every valid frame must decode first (which also warms up the paths measured).
   */
  public static Report run(long seed, String target, List<Sample> valid, Class<? extends Exception> rejection,
      int cases) {
    for (Sample sample : valid) {
      Allocation.Measured m = measure(seed, target, -1, sample.frame(), sample.decoder());
      if (m.failure() != null) {
        throw new AssertionError(target + ": a valid frame failed to decode: " + hex(sample.frame()), m.failure());
      }
    }
    SplittableRandom random = new SplittableRandom(seed ^ target.hashCode() * 0x9E3779B97F4A7C15L);
    Mutator mutator = new Mutator(random);
    int refused = 0;
    long maxAllocated = 0;
    for (int i = 0; i < cases; i++) {
      int kind = random.nextInt(20);
      Sample sample = valid.get(random.nextInt(valid.size()));
      Decoder decoder = sample.decoder();
      byte[] frame = kind == 0 ? sample.frame() : kind == 1 ? mutator.noise() : mutator.mutate(sample.frame());
      Allocation.Measured m = measure(seed, target, i, frame, decoder);
      long limit = BASE_ALLOCATION_LIMIT + (long) BYTES_PER_FRAME_BYTE * frame.length;
      if (m.bytes() > limit) {
        // Once more: the first decode down a new path may load classes or fill caches. A decoder that trusts a
        // length allocates again.
        m = measure(seed, target, i, frame, decoder);
      }
      if (m.failure() != null && !rejection.isInstance(m.failure())) {
        throw new AssertionError(context(seed, target, i, frame) + ": threw " + m.failure() + ", not a "
            + rejection.getSimpleName(), m.failure());
      }
      if (m.bytes() > limit) {
        throw new AssertionError(context(seed, target, i, frame) + ": allocated " + m.bytes() + " bytes (limit "
            + limit + ")", m.failure());
      }
      refused += m.failure() == null ? 0 : 1;
      maxAllocated = Math.max(maxAllocated, m.bytes());
    }
    Report report = new Report(target, cases, refused, maxAllocated);
    System.out.println("  " + report);
    return report;
  }

  /** An Error (out of memory, stack overflow) is a failure too, named like the others. */
  private static Allocation.Measured measure(long seed, String target, int i, byte[] frame, Decoder decoder) {
    try {
      return Allocation.of(() -> decoder.decode(frame));
    } catch (Error e) {
      throw new AssertionError(context(seed, target, i, frame) + ": " + e, e);
    }
  }

  private static String context(long seed, String target, int i, byte[] frame) {
    return target + ", seed " + seed + ", case " + i + " (replay with -Dfuzz.seed=" + seed + "), frame " + hex(frame);
  }

  private static String hex(byte[] frame) {
    String hex = HexFormat.of().formatHex(frame, 0, Math.min(frame.length, 512));
    return frame.length + " bytes " + hex + (frame.length > 512 ? "..." : "");
  }
}
