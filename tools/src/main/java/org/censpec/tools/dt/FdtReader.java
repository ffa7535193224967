package org.censpec.tools.dt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a flattened devicetree blob (the FDT format of the Devicetree Specification
 * v0.4, chapter 5): the header, the memory reservation block, the structure block and
 * the strings block. Every size, offset and alignment is checked before it is used, so a
 * truncated or corrupt blob is one {@link DtbException} naming the byte offset.
 */
public final class FdtReader {
    static final long MAGIC = 0xd00dfeedL;
    private static final int HEADER_SIZE = 40;
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;
    /** Real trees are a dozen levels deep; this only bounds hostile input. */
    private static final int MAX_DEPTH = 256;

    /** A /memreserve/ entry of the memory reservation block. */
    public record Reservation(long address, long size) {}

    /** The tree and the memory reservation block. */
    public record Fdt(DtNode root, List<Reservation> reservations) {}

    private final String file;
    private final byte[] b;

    private FdtReader(String file, byte[] bytes) {
        this.file = file;
        this.b = bytes;
    }

    public static Fdt read(String file, byte[] bytes) throws DtbException {
        return new FdtReader(file, bytes).read();
    }

    private Fdt read() throws DtbException {
        if (b.length < HEADER_SIZE) {
            throw error(0, "truncated: " + b.length + " bytes, shorter than the 40-byte FDT header");
        }
        long magic = u32(0);
        if (magic != MAGIC) {
            throw error(0, String.format("bad magic 0x%08x (an FDT blob starts with 0xd00dfeed)", magic));
        }
        long totalSize = u32(4);
        long offStruct = u32(8);
        long offStrings = u32(12);
        long offRsvmap = u32(16);
        long version = u32(20);
        long lastComp = u32(24);
        long sizeStrings = u32(32);
        long sizeStruct = u32(36);
        if (totalSize > b.length) {
            throw error(4, "truncated: the header says " + totalSize + " bytes, the file has " + b.length);
        }
        if (totalSize < HEADER_SIZE) {
            throw error(4, "totalsize " + totalSize + " is smaller than the header");
        }
        if (version < 16 || lastComp > 17) {
            throw error(
                    20,
                    "FDT version " + version + " (last compatible " + lastComp + ") is not supported: need 16 or 17");
        }
        if (version < 17) {
            sizeStruct = totalSize - offStruct; // v16 has no size_dt_struct
        }
        checkBlock("structure block", 8, offStruct, sizeStruct, totalSize, 4);
        checkBlock("strings block", 12, offStrings, sizeStrings, totalSize, 1);
        checkBlock("memory reservation block", 16, offRsvmap, 16, totalSize, 8);
        List<Reservation> reservations = reservations((int) offRsvmap, totalSize);
        DtNode root = structure((int) offStruct, (int) (offStruct + sizeStruct), (int) offStrings, (int) sizeStrings);
        return new Fdt(root, reservations);
    }

    private void checkBlock(String what, int field, long off, long size, long total, int align) throws DtbException {
        if (off < HEADER_SIZE || off > total || size > total - off) {
            throw error(
                    field, what + " [" + off + ", " + (off + size) + ") lies outside the blob's " + total + " bytes");
        }
        if (off % align != 0) {
            throw error(field, what + " offset " + off + " is not " + align + "-byte aligned");
        }
    }

    private List<Reservation> reservations(int off, long total) throws DtbException {
        List<Reservation> out = new ArrayList<>();
        for (int o = off; ; o += 16) {
            if (o + 16L > total) {
                throw error(o, "memory reservation block has no terminating entry");
            }
            long address = (u32(o) << 32) | u32(o + 4);
            long size = (u32(o + 8) << 32) | u32(o + 12);
            if (address == 0 && size == 0) {
                return out;
            }
            out.add(new Reservation(address, size));
        }
    }

    private DtNode structure(int start, int end, int strings, int stringsSize) throws DtbException {
        Deque<DtNode> open = new ArrayDeque<>();
        DtNode root = null;
        int o = start;
        while (true) {
            if (o + 4 > end) {
                throw error(o, "structure block ends without FDT_END");
            }
            long token = u32(o);
            int at = o;
            o += 4;
            switch ((int) token) {
                case BEGIN_NODE -> {
                    int nul = findNul(o, end, "node name");
                    String name = new String(b, o, nul - o, StandardCharsets.UTF_8);
                    o = align4(nul + 1);
                    DtNode node = beginNode(at, name, open, root);
                    root = root == null ? node : root;
                }
                case END_NODE -> {
                    if (open.isEmpty()) {
                        throw error(at, "FDT_END_NODE without an open node");
                    }
                    open.pop();
                }
                case PROP -> o = property(at, o, end, open, strings, stringsSize);
                case NOP -> {
                    // padding left by in-place edits
                }
                case END -> {
                    return endOfStructure(at, open, root);
                }
                default -> throw error(at, String.format("unknown structure token 0x%08x", token));
            }
            if (root != null && open.isEmpty()) {
                expectEndAfterRoot(o, end);
                return root;
            }
        }
    }

    /** Opens node {@code name} (the root when nothing is open) and returns it. */
    private DtNode beginNode(int at, String name, Deque<DtNode> open, DtNode root) throws DtbException {
        if (open.isEmpty()) {
            if (root != null) {
                throw error(at, "a second root node '" + name + "'");
            }
            if (!name.isEmpty()) {
                throw error(at, "the root node has the name '" + name + "', expected none");
            }
            DtNode newRoot = new DtNode("", null);
            open.push(newRoot);
            return newRoot;
        }
        if (name.isEmpty()) {
            throw error(at, "a node without a name under " + open.peek().path());
        }
        if (open.size() >= MAX_DEPTH) {
            throw error(at, "nodes nested deeper than " + MAX_DEPTH);
        }
        DtNode child = new DtNode(name, open.peek());
        open.peek().addChild(child);
        open.push(child);
        return child;
    }

    /** Reads the property whose header starts at {@code o} into the open node; returns the offset after it. */
    private int property(int at, int o, int end, Deque<DtNode> open, int strings, int stringsSize) throws DtbException {
        if (open.isEmpty()) {
            throw error(at, "a property outside any node");
        }
        if (o + 8 > end) {
            throw error(at, "truncated property header");
        }
        long len = u32(o);
        long nameOff = u32(o + 4);
        o += 8;
        if (len > end - o) {
            throw error(at, "property of " + len + " bytes runs past the structure block");
        }
        if (nameOff >= stringsSize) {
            throw error(
                    at + 8,
                    "property name offset " + nameOff + " is outside the " + stringsSize + "-byte strings block");
        }
        int nameStart = strings + (int) nameOff;
        int nameEnd = findNul(nameStart, strings + stringsSize, "property name");
        String name = new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
        byte[] value = new byte[(int) len];
        System.arraycopy(b, o, value, 0, (int) len);
        open.peek().addProperty(name, value);
        return align4(o + (int) len);
    }

    private DtNode endOfStructure(int at, Deque<DtNode> open, DtNode root) throws DtbException {
        if (!open.isEmpty()) {
            throw error(at, "FDT_END while " + open.peek().path() + " is still open");
        }
        if (root == null) {
            throw error(at, "the structure block holds no root node");
        }
        return root;
    }

    /** The root is closed: only NOPs and FDT_END may follow. */
    private void expectEndAfterRoot(int o, int end) throws DtbException {
        while (o + 4 <= end && u32(o) == NOP) {
            o += 4;
        }
        if (o + 4 > end || u32(o) != END) {
            throw error(o, "data after the root node (expected FDT_END)");
        }
    }

    private int findNul(int from, int end, String what) throws DtbException {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw error(from, what + " is not NUL-terminated inside its block");
    }

    private static int align4(int o) {
        return (o + 3) & ~3;
    }

    private long u32(int o) {
        return ((b[o] & 0xffL) << 24) | ((b[o + 1] & 0xffL) << 16) | ((b[o + 2] & 0xffL) << 8) | (b[o + 3] & 0xffL);
    }

    private DtbException error(long offset, String message) {
        return new DtbException(file + ": byte " + offset + ": " + message);
    }
}
