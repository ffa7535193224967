package org.censpec.cli.dt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small FDT blobs for tests (the layout dtc writes: header, rsvmap, struct, strings). */
public final class FdtBuilder {
    public static final class Node {
        final String name;
        final Map<String, byte[]> props = new LinkedHashMap<>();
        final List<Node> children = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }

        public Node child(String name) {
            Node c = new Node(name);
            children.add(c);
            return c;
        }

        public Node cells(String prop, long... cells) {
            ByteBuffer b = ByteBuffer.allocate(cells.length * 4);
            for (long c : cells) {
                b.putInt((int) c);
            }
            props.put(prop, b.array());
            return this;
        }

        public Node str(String prop, String... values) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (String v : values) {
                o.writeBytes(v.getBytes(StandardCharsets.UTF_8));
                o.write(0);
            }
            props.put(prop, o.toByteArray());
            return this;
        }

        public Node flag(String prop) {
            props.put(prop, new byte[0]);
            return this;
        }
    }

    public static Node root() {
        return new Node("");
    }

    public static byte[] build(Node root) {
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> offsets = new LinkedHashMap<>();
        write(root, struct, strings, offsets);
        putInt(struct, 9);
        byte[] s = struct.toByteArray();
        byte[] str = strings.toByteArray();
        int offRsv = 40;
        int offStruct = offRsv + 16;
        int offStrings = offStruct + s.length;
        int total = offStrings + str.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(0xd00dfeed)
                .putInt(total)
                .putInt(offStruct)
                .putInt(offStrings)
                .putInt(offRsv)
                .putInt(17)
                .putInt(16)
                .putInt(0)
                .putInt(str.length)
                .putInt(s.length);
        b.putLong(0).putLong(0);
        b.put(s).put(str);
        return b.array();
    }

    private static void write(
            Node n, ByteArrayOutputStream out, ByteArrayOutputStream strings, Map<String, Integer> offsets) {
        putInt(out, 1);
        out.writeBytes(n.name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        pad(out);
        for (Map.Entry<String, byte[]> p : n.props.entrySet()) {
            Integer off = offsets.get(p.getKey());
            if (off == null) {
                off = strings.size();
                offsets.put(p.getKey(), off);
                strings.writeBytes(p.getKey().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
            putInt(out, 3);
            putInt(out, p.getValue().length);
            putInt(out, off);
            out.writeBytes(p.getValue());
            pad(out);
        }
        for (Node c : n.children) {
            write(c, out, strings, offsets);
        }
        putInt(out, 2);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }
}
