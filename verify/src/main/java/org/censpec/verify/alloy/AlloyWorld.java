package org.censpec.verify.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.Func;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Flow;

/**
 * One parsed copy of a generated model, owned by one thread (Alloy's parser and translator
 * are not thread-safe everywhere). Maps the parsed sigs back to spec elements through the
 * names the generator handed out.
 */
final class AlloyWorld {
    final AlloyModel model;
    final CompModule module;
    /** Each generated sig and what it stands for (a model element or an AlloyModel ref). */
    final Map<Sig, Object> elementOf = new IdentityHashMap<>();

    private final Map<String, Sig> sigByName = new HashMap<>();
    private final Map<String, Expr> parsed = new HashMap<>();

    AlloyWorld(AlloyModel model, String path) throws Err {
        this.model = model;
        Map<String, String> loaded = new HashMap<>();
        loaded.put(path, model.text());
        this.module = CompUtil.parseEverything_fromFile(A4Reporter.NOP, loaded, path);
        Map<String, Sig> byLabel = new HashMap<>();
        for (Sig s : module.getAllReachableSigs()) {
            byLabel.put(s.label, s);
        }
        for (Map.Entry<String, Object> e : model.names().all().entrySet()) {
            Sig s = byLabel.get("this/" + e.getKey());
            if (s != null) {
                sigByName.put(e.getKey(), s);
                String id = AlloyModelGenerator.OUTCOMES.get(e.getKey());
                elementOf.put(s, id != null ? new AlloyModel.OutcomeRef(id) : e.getValue());
            }
        }
    }

    Sig sig(String generatedName) {
        Sig s = sigByName.get(generatedName);
        if (s == null) {
            throw new IllegalStateException("no sig " + generatedName);
        }
        return s;
    }

    Sig.Field field(String sigName, String fieldName) {
        for (Sig.Field f : sig(sigName).getFields()) {
            if (f.label.equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalStateException("no field " + sigName + "." + fieldName);
    }

    /** Parses (once) an expression over the generated names. */
    Expr expr(String text) throws Err {
        Expr e = parsed.get(text);
        if (e == null) {
            e = CompUtil.parseOneExpression_fromString(module, text);
            parsed.put(text, e);
        }
        return e;
    }

    Func func(String name) {
        for (Func f : module.getAllFunc()) {
            if (f.label.equals("this/" + name)) {
                return f;
            }
        }
        throw new IllegalStateException("no fun/pred " + name);
    }

    Command command(int index) {
        return module.getAllCommands().get(index);
    }

    List<Command> commands() {
        return module.getAllCommands();
    }

    A4Solution execute(Command cmd, A4Options options) throws Err {
        return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, module.getAllReachableSigs(), cmd, options);
    }

    AlloyModel.FlowNames names(Flow f) {
        return model.flows().get(f);
    }
}
