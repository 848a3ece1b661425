package org.procwatch.stack.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;

/**
 * Gives integration tests the real local stack: one per test JVM, started on first use on free ports in
 * a temporary folder and stopped when the JVM's tests are done. Tests receive the {@link LocalStack} and
 * a {@link TestScope} (unique topic names and application ids) as parameters.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class SomethingIT {
 *     @Test void works(LocalStack stack, TestScope scope) { ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == TestScope.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = sharedStack(context);
        if (parameter.getParameter().getType() == LocalStack.class) {
            return stack;
        }
        return new TestScope(stack, context.getRequiredTestClass().getSimpleName()
                + context.getTestMethod().map(method -> "-" + method.getName()).orElse(""));
    }

    private static LocalStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> new RunningStack(), RunningStack.class).stack;
    }

    /** The shared stack and its folder, closed by JUnit when the root context ends. */
    private static final class RunningStack implements AutoCloseable {

        final Path dataDir;
        final LocalStack stack;

        RunningStack() {
            try {
                dataDir = Files.createTempDirectory("procwatch-it-");
                stack = LocalStack.start(dataDir, StackPorts.anyFree(), StackPorts.anyFree(), Topics.allWithInternal());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            stack.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
