package io.vigil.udfs.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void acceptsValuesThatAreAllSet() {
        assertThatCode(() -> Fields.requireNonNull("a b", "x", 1)).doesNotThrowAnyException();
    }

    @Test
    void namesTheFirstNullValue() {
        assertThatThrownBy(() -> Fields.requireNonNull("a b c", "x", null, null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("b");
    }
}
