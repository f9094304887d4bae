package dev.more.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import dev.more.tensor.io.SafeTensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
    @TempDir
    Path dir;

    private static ModuleTest.Toy toy(long seed) {
        return new ModuleTest.Toy(new Rng(seed));
    }

    private static void assertSameValues(Module a, Module b) {
        assertThat(a.stateDict().keySet())
                .containsExactlyElementsOf(b.stateDict().keySet());
        a.stateDict().forEach((name, t) -> {
            assertThat(b.stateDict().get(name).shape()).as(name).containsExactly(t.shape());
            assertThat(b.stateDict().get(name).toArray()).as(name).containsExactly(t.toArray());
        });
    }

    @Test
    void stateDictHoldsEveryParameterValueByName() {
        ModuleTest.Toy toy = toy(1);
        Map<String, Tensor> state = toy.stateDict();
        assertThat(state.keySet())
                .containsExactlyElementsOf(toy.namedParameters().keySet());
        assertThat(state.get("proj.weight"))
                .isSameAs(toy.parameter("proj.weight").value());
    }

    @Test
    void roundTripsThroughSafetensors() throws IOException {
        ModuleTest.Toy saved = toy(1);
        Path file = dir.resolve("toy.safetensors");
        saved.save(file, Map.of("format", "pt"));
        ModuleTest.Toy loaded = toy(2);
        assertThat(loaded.stateDict().get("proj.weight").toArray())
                .isNotEqualTo(saved.stateDict().get("proj.weight").toArray());
        LoadReport report = loaded.load(file, true);
        assertThat(report.isClean()).isTrue();
        assertSameValues(saved, loaded);
        try (var open = SafeTensors.open(file)) {
            assertThat(open.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void strictLoadListsEveryProblemAndLoadsNothing() {
        ModuleTest.Toy target = toy(1);
        Map<String, Tensor> before = target.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>(toy(2).stateDict());
        state.remove("norm.bias");
        state.remove("stack.1.weight");
        state.put("extra.weight", Tensor.zeros(2));
        state.put("proj.weight", Tensor.zeros(2, 3));

        assertThatThrownBy(() -> target.loadStateDict(state, true))
                .isInstanceOfSatisfying(StateDictException.class, e -> {
                    assertThat(e.report().missingKeys()).containsExactly("norm.bias", "stack.1.weight");
                    assertThat(e.report().unexpectedKeys()).containsExactly("extra.weight");
                    assertThat(e.report().shapeMismatches())
                            .containsExactly(new LoadReport.ShapeMismatch("proj.weight", List.of(3, 2), List.of(2, 3)));
                })
                .hasMessage("state dict does not match the module: 2 missing keys [norm.bias, stack.1.weight]; "
                        + "1 unexpected key [extra.weight]; "
                        + "1 shape mismatch [proj.weight: module has [3, 2], state has [2, 3]]");
        target.stateDict().forEach((name, t) -> assertThat(t).as(name).isSameAs(before.get(name)));
    }

    @Test
    void nonStrictLoadLoadsWhatMatchesAndReportsTheRest() {
        ModuleTest.Toy target = toy(1);
        ModuleTest.Toy source = toy(2);
        Tensor keptWeight = target.parameter("proj.weight").value();
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("stack.0.bias");
        state.put("proj.weight", Tensor.zeros(1, 6));
        state.put("classifier.bias", Tensor.zeros(2));

        LoadReport report = target.loadStateDict(state, false);

        assertThat(report.isClean()).isFalse();
        assertThat(report.missingKeys()).containsExactly("stack.0.bias");
        assertThat(report.unexpectedKeys()).containsExactly("classifier.bias");
        assertThat(report.shapeMismatches())
                .extracting(LoadReport.ShapeMismatch::name)
                .containsExactly("proj.weight");
        assertThat(target.parameter("proj.weight").value()).isSameAs(keptWeight);
        assertThat(target.parameter("stack.1.weight").value().toArray())
                .containsExactly(source.parameter("stack.1.weight").value().toArray());
        assertThat(target.parameter("stack.0.bias").value().toArray())
                .isNotEqualTo(source.parameter("stack.0.bias").value().toArray());
    }

    @Test
    void cleanReportSaysSo() {
        assertThat(new LoadReport(List.of(), List.of(), List.of())).hasToString("all keys matched");
    }

    @Test
    void loadingAMalformedFileFailsWithTheReadersError() throws IOException {
        Path file = dir.resolve("broken.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new Linear(2, 2, true, new Rng(0)).load(file, true))
                .isInstanceOf(SafeTensorsException.class);
    }

    @Test
    void loadingAMissingFileFails() {
        assertThatThrownBy(() -> new Linear(2, 2, true, new Rng(0)).load(dir.resolve("absent.safetensors"), false))
                .isInstanceOf(IOException.class);
    }
}
