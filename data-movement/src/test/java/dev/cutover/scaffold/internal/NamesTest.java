package dev.cutover.scaffold.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void shouldDeriveJavaNamesPredictably() {
        assertThat(Names.member("display_name")).isEqualTo("displayName");
        assertThat(Names.member("displayName")).isEqualTo("displayName");
        assertThat(Names.member("OrderID")).isEqualTo("orderID");
        assertThat(Names.member("SKU_CODE")).isEqualTo("skuCode");
        assertThat(Names.member("class")).isEqualTo("class_");
        assertThat(Names.member("order")).isEqualTo("order");
        assertThat(Names.member("2fa_secret")).isEqualTo("_2faSecret");
        assertThat(Names.member("display-name")).isEqualTo("displayName");
        assertThat(Names.type("order_lines")).isEqualTo("OrderLines");
        assertThat(Names.type("User")).isEqualTo("User");
        assertThat(Names.type("string")).isEqualTo("StringRow");
        assertThat(Names.matchKey("Display_Name")).isEqualTo(Names.matchKey("displayname"));
    }

    @Test
    void shouldWriteLiteralsAndCommentsJavacReadsBackExactly() {
        assertThat(Names.literal("a\"b\\c\u0001")).isEqualTo("\"a\\\"b\\\\c\\u0001\"");
        assertThat(Names.commentText("ends */ here\nand \\u002a/")).isEqualTo("ends * / here and \\ u002a/");
    }
}
