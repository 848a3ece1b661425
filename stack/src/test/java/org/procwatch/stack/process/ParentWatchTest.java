package org.procwatch.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchTest {

    @TempDir
    Path dir;

    /** Stands in for a service: it would run for ever. */
    public static final class Forever {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Stands in for procwatch: starts a service, prints its pid, and waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            ChildProcess child = ChildProcess.start("forever",
                    ChildProcess.javaCommand(List.of("-Xmx32m"), System.getProperty("java.class.path"), Forever.class.getName(), List.of()),
                    dir, dir.resolve("forever.log"));
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void shouldEndTheServiceWhenItsParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Parent.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long servicePid;
        try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            servicePid = Long.parseLong(out.readLine().trim());
        }
        ProcessHandle service = ProcessHandle.of(servicePid).orElseThrow();
        assertThat(service.isAlive()).isTrue();

        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(service.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(Files.readString(dir.resolve("forever.log"))).contains("parent process is gone");
    }

    @Test
    void shouldReportTheLogTailWhenAServiceDiesAtStartUp() throws Exception {
        ChildProcess child = ChildProcess.start("broken",
                ChildProcess.javaCommand(List.of(), System.getProperty("java.class.path"), "no.such.Main", List.of()),
                dir, dir.resolve("broken.log"));
        child.awaitExit(Duration.ofSeconds(20));

        assertThat(child.isAlive()).isFalse();
        assertThatThrownBy(child::checkAlive)
                .hasMessageContaining("broken exited with code")
                .hasMessageContaining("no.such.Main");
    }
}
