package org.censpec.model.parse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.censpec.grammar.CenParser;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.io.BoundedRead;
import org.censpec.model.io.IoReason;
import org.censpec.model.rules.SpecRules;

/**
 * Reads a spec file into a {@link ParseResult}. Reading never throws for bad content:
 * encoding problems, binary files, oversized files and syntax errors become located
 * findings. Only a file that cannot be read at all raises {@link SpecFileException}.
 */
public final class SpecReader {
    /** Specs are hand-written: anything larger is refused before parsing. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private final List<Path> includeRoots;

    /** A reader whose includes stay in the tree of the spec's own folder. */
    public SpecReader() {
        this(List.of());
    }

    /** @param includeRoots folders whose {@code .cen} files may be included besides the spec's own tree */
    public SpecReader(List<Path> includeRoots) {
        this.includeRoots = List.copyOf(includeRoots);
    }

    /**
     * Reads a spec file: a regular file (or a link to one) of at most {@link #MAX_BYTES}, the
     * bound counted while reading; anything else is refused before it is opened (a FIFO would
     * block, a device such as /dev/zero never ends).
     */
    public ParseResult read(Path path) throws SpecFileException {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = BoundedRead.regularFile(path, (int) MAX_BYTES);
        } catch (BoundedRead.TooLarge e) {
            return failed(Finding.of(
                    SpecRules.TOO_LARGE,
                    new SourceLocation(file, 1, 1),
                    "file is larger than " + MAX_BYTES + " bytes; specs are limited to " + MAX_BYTES + " bytes"));
        } catch (AtomicWrite.Refused e) {
            throw new SpecFileException(file + ": " + e.getMessage()
                    + (e.getMessage().equals("is a directory") ? ", not a spec file" : ""));
        } catch (NoSuchFileException e) {
            throw new SpecFileException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new SpecFileException(file + ": permission denied");
        } catch (IOException e) {
            throw new SpecFileException(file + ": cannot read: " + IoReason.of(e));
        }
        return parse(file, bytes);
    }

    /** Parses spec text given as bytes (UTF-8). */
    public ParseResult parse(String file, byte[] bytes) {
        List<Finding> problems = new ArrayList<>();
        String text = decode(file, bytes, problems);
        return text == null ? new ParseResult(Optional.empty(), problems) : parse(file, text);
    }

    /** The text of a spec file's bytes, or null after adding why it is not spec text. */
    static String decode(String file, byte[] bytes, List<Finding> findings) {
        if (bytes.length > MAX_BYTES) {
            findings.add(Finding.of(
                    SpecRules.TOO_LARGE,
                    new SourceLocation(file, 1, 1),
                    "file is " + bytes.length + " bytes; specs are limited to " + MAX_BYTES + " bytes"));
            return null;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                findings.add(Finding.of(
                        SpecRules.ENCODING,
                        locationOf(file, bytes, i),
                        "NUL byte: this looks like a binary file, not a spec"));
                return null;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            findings.add(Finding.of(
                    SpecRules.ENCODING,
                    locationOf(file, bytes, bad),
                    String.format("byte 0x%02x is not valid UTF-8; specs are UTF-8 text", bytes[bad] & 0xff)));
            return null;
        }
        return out.flip().toString();
    }

    /**
     * Parses spec text. Its {@code include}s are read from the file system, relative to
     * {@code file}; findings in an included file carry that file's name and lines.
     */
    public ParseResult parse(String file, String text) {
        List<Finding> findings = new ArrayList<>();
        CenParser.SpecContext tree = parseTree(file, text, findings);
        if (tree == null) {
            return new ParseResult(Optional.empty(), findings);
        }
        if (tree.specHeader() == null) {
            // only an included file may leave out its spec line: as before includes, a syntax error
            org.antlr.v4.runtime.Token first = tree.getStart();
            String what = first.getType() == org.antlr.v4.runtime.Token.EOF
                    ? "end of file"
                    : Printable.quote(first.getText());
            findings.add(Finding.of(
                    SpecRules.SYNTAX,
                    new SourceLocation(file, first.getLine(), first.getCharPositionInLine() + 1),
                    "missing 'spec NAME;' before " + what + " (only an included file may leave it out)"));
            return new ParseResult(Optional.empty(), findings);
        }
        Includes includes = new Includes(includeRoots);
        List<ModelBuilder.FileDecl> decls = includes.expand(file, tree, findings);
        if (findings.stream().anyMatch(f -> Includes.STOPS_BUILD.contains(f.id()))) {
            return new ParseResult(Optional.empty(), findings, includes.included());
        }
        ModelBuilder builder = new ModelBuilder(file);
        var spec = builder.build(tree, decls);
        findings.addAll(builder.findings());
        return new ParseResult(Optional.of(spec), findings, includes.included());
    }

    /** The parse tree of one file, or null after adding its syntax errors to {@code findings}. */
    static CenParser.SpecContext parseTree(String file, String text, List<Finding> findings) {
        SyntaxErrorCollector errors = new SyntaxErrorCollector(file);
        ShortMessageLexer lexer = new ShortMessageLexer(CharStreams.fromString(lineFeeds(text), file));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CenParser parser = new CenParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        parser.setErrorHandler(new ShortMessageErrorStrategy());
        CenParser.SpecContext tree;
        try {
            tree = parser.spec();
        } catch (SyntaxErrorCollector.TooManyErrors e) {
            findings.addAll(errors.findings());
            return null;
        }
        if (errors.any()) {
            findings.addAll(errors.findings());
            return null;
        }
        return tree;
    }

    /**
     * The text with CR LF and a lone CR (old Mac OS, some editors' "CR" setting) as LF: the
     * lexer counts lines at LF, so every finding is on the line an editor shows. Columns do not
     * move (a line end is one character either way but for CR LF, whose CR ends the line).
     */
    static String lineFeeds(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static ParseResult failed(Finding finding) {
        return new ParseResult(Optional.empty(), List.of(finding));
    }

    /** Line and column (in characters) of a byte offset, counting only the valid prefix. */
    private static SourceLocation locationOf(String file, byte[] bytes, int offset) {
        String prefix = lineFeeds(new String(bytes, 0, offset, StandardCharsets.UTF_8));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(file, line, prefix.length() - lineStart + 1);
    }
}
