package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The JDK 17 flags come from one file, {@code jdk17-opens.args}: ChildJvm reads its copy, and this
 * test JVM, started by surefire with {@code ${jdk17.opens}} (the same file as an @argfile), has
 * every one of them in effect.
 */
class Jdk17OpensTest {

    @Test
    void childJvmReadsTheFlagsFromTheArgFile() {
        assertThat(ChildJvm.FLINK_JDK17_FLAGS)
                .hasSize(15)
                .startsWith("--add-opens=java.base/java.lang=ALL-UNNAMED")
                .endsWith("--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED")
                .allMatch(
                        flag ->
                                flag.startsWith("--add-opens=")
                                        || flag.startsWith("--add-exports="))
                .doesNotHaveDuplicates();
    }

    @Test
    void theTestJvmRunsWithTheSameFlags() {
        Module unnamed = Jdk17OpensTest.class.getClassLoader().getUnnamedModule();
        for (String flag : ChildJvm.FLINK_JDK17_FLAGS) {
            // --add-opens=<module>/<package>=ALL-UNNAMED
            String target = flag.substring(flag.indexOf('=') + 1, flag.lastIndexOf('='));
            String moduleName = target.substring(0, target.indexOf('/'));
            String pkg = target.substring(target.indexOf('/') + 1);
            Module module = ModuleLayer.boot().findModule(moduleName).orElseThrow();
            if (flag.startsWith("--add-opens=")) {
                assertThat(module.isOpen(pkg, unnamed)).as(flag).isTrue();
            } else {
                assertThat(module.isExported(pkg, unnamed)).as(flag).isTrue();
            }
        }
    }
}
