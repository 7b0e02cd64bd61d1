package org.pekkoraft.lincheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Opens UTF-8 test data from the test classpath, failing loudly if it is missing. */
final class ClasspathData {

    /** Reads the whole resource; implementations may throw {@link IOException}. */
    interface Parser<T> {
        T parse(BufferedReader in, String source) throws IOException;
    }

    private ClasspathData() {
    }

    static <T> T parse(String resource, Parser<T> parser) {
        InputStream stream = ClasspathData.class.getClassLoader().getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalArgumentException("no resource " + resource + " on the classpath");
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return parser.parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
