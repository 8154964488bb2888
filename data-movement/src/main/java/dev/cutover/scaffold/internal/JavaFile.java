package dev.cutover.scaffold.internal;

import java.util.Set;
import java.util.TreeSet;

/** A Java source file being written: its header, package, sorted imports and body. Not thread-safe. */
final class JavaFile {
    private final String header;
    private final String javaPackage;
    private final Set<String> imports = new TreeSet<>();
    private final StringBuilder body = new StringBuilder();

    JavaFile(String header, String javaPackage) {
        this.header = header;
        this.javaPackage = javaPackage;
    }

    JavaFile imports(String... qualifiedNames) {
        for (String name : qualifiedNames) {
            if (!name.startsWith("java.lang.") || name.lastIndexOf('.') != "java.lang".length()) {
                imports.add(name);
            }
        }
        return this;
    }

    JavaFile line(String text) {
        body.append(text).append('\n');
        return this;
    }

    JavaFile line() {
        body.append('\n');
        return this;
    }

    /** A marker that does not compile, with what to choose in a comment on the same line. */
    static String choose(String marker, String explanation) {
        return "/* CHOOSE: " + Names.commentText(explanation) + " */ CHOOSE_" + marker;
    }

    String text() {
        StringBuilder text = new StringBuilder(header);
        if (!javaPackage.isEmpty()) {
            text.append("package ").append(javaPackage).append(";\n\n");
        }
        for (String name : imports) {
            text.append("import ").append(name).append(";\n");
        }
        if (!imports.isEmpty()) {
            text.append('\n');
        }
        return text.append(body).toString();
    }
}
