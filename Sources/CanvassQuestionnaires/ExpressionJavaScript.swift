public import CanvassForms
import Foundation

/// The form's expression language compiled to JavaScript, so that the web questionnaire's skip logic,
/// calculations and constraints are the ones the validator evaluates: the same AST, the same semantics.
///
/// A compiled expression is a JavaScript expression over a runtime object `R` (``ExpressionJavaScript/runtime``)
/// and a context `c` with `c.answer(id)`, `c.current`, `c.repeatCount(id)`, `c.repeatAnswers(id)` and `c.today`,
/// whose values are tagged as the Swift `Value` is: `{t: "e"}`, `{t: "n", v: 3}`, `{t: "s", v: "x"}`,
/// `{t: "b", v: true}`, `{t: "d", v: "2026-11-29"}`, `{t: "l", v: ["a", "b"]}`.
public enum ExpressionJavaScript {
    /// The JavaScript expression computing `expression` (given `R` and `c` in scope).
    public static func compile(_ expression: FormExpression) -> String {
        switch expression.kind {
        case .number(let value): return "R.num(\(number(value)))"
        case .string(let value): return "R.str(\(string(value)))"
        case .reference(let id): return "c.answer(\(string(id)))"
        case .current: return "c.current"
        case .negate(let operand): return "R.neg(\(compile(operand)))"
        case .binary(let op, let left, let right):
            switch op {
            case .and: return "R.and(() => \(compile(left)), () => \(compile(right)))"
            case .or: return "R.or(() => \(compile(left)), () => \(compile(right)))"
            default: return "R.op(\(string(op.rawValue)), \(compile(left)), \(compile(right)))"
            }
        case .call(let function, let arguments):
            switch function {
            case .count, .sum:
                // These name a question of a repeat section rather than take its value.
                guard arguments.count == 1, case .reference(let id) = arguments[0].kind else { return "R.empty" }
                return function == .count
                    ? "R.num(c.repeatCount(\(string(id))))" : "R.sum(c.repeatAnswers(\(string(id))))"
            case .if:
                // Evaluated as the evaluator does: each argument once, the branch chosen afterwards.
                return "R.call(\"if\", [\(arguments.map(compile).joined(separator: ", "))], c)"
            default:
                return "R.call(\(string(function.rawValue)), [\(arguments.map(compile).joined(separator: ", "))], c)"
            }
        }
    }

    /// A number literal JavaScript reads back as the same double.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        return "\(value)"
    }

    /// A JavaScript string literal (JSON's syntax, which JavaScript accepts, with U+2028/9 escaped).
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case "<": out += "\\u003c"  // never closes a <script> element
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The runtime the compiled expressions call: the evaluator's semantics, line for line
    /// (`Sources/CanvassForms/Expressions/Evaluator.swift`).
    public static let runtime = """
        const R = (() => {
          const empty = {t: "e"};
          const num = v => ({t: "n", v});
          const str = v => ({t: "s", v});
          const bool = v => ({t: "b", v});
          const norm = x => (x.t === "s" && x.v === "") || (x.t === "l" && x.v.length === 0) ? empty : x;
          const isTrue = x => x.t === "b" && x.v === true;
          const lt = (a, b) => a < b ? -1 : (a > b ? 1 : 0);
          const textOf = x => x.t === "s" || x.t === "d";
          function equal(a, b) {
            if (a.t === "e" && b.t === "e") return true;
            if (a.t === "n" && b.t === "n") return a.v === b.v;
            if (textOf(a) && textOf(b)) return a.v === b.v;
            if (a.t === "b" && b.t === "b") return a.v === b.v;
            if (a.t === "b" && b.t === "s") return (a.v ? "yes" : "no") === b.v;
            if (a.t === "s" && b.t === "b") return (b.v ? "yes" : "no") === a.v;
            if (a.t === "l" && b.t === "l") return a.v.length === b.v.length && a.v.every((x, i) => x === b.v[i]);
            return false;
          }
          function compare(a, b) {
            if (a.t === "n" && b.t === "n") return lt(a.v, b.v);
            if ((a.t === "d" && (b.t === "d" || b.t === "s")) || (a.t === "s" && b.t === "d")) return lt(a.v, b.v);
            return null;
          }
          function op(name, left, right) {
            const a = norm(left), b = norm(right);
            if (name === "+" || name === "-" || name === "*" || name === "div" || name === "mod") {
              if (a.t !== "n" || b.t !== "n") return empty;
              const x = a.v, y = b.v;
              const r = name === "+" ? x + y : name === "-" ? x - y : name === "*" ? x * y : name === "div" ? x / y : x % y;
              return Number.isFinite(r) ? num(r) : empty;
            }
            if (name === "=" || name === "!=") { const same = equal(a, b); return bool(name === "=" ? same : !same); }
            const order = compare(a, b);
            if (order === null) return bool(false);
            return bool(name === "<" ? order < 0 : name === "<=" ? order <= 0 : name === ">" ? order > 0 : order >= 0);
          }
          function call(name, args, c) {
            const arg = i => i < args.length ? norm(args[i]) : empty;
            switch (name) {
              case "not": return bool(!isTrue(arg(0)));
              case "true": return bool(true);
              case "false": return bool(false);
              case "today": return {t: "d", v: c.today};
              case "selected": {
                const wanted = arg(1), list = arg(0);
                if (wanted.t !== "s") return bool(false);
                if (list.t === "l") return bool(list.v.includes(wanted.v));
                if (list.t === "s") return bool(list.v === wanted.v);
                return bool(false);
              }
              case "count-selected": { const list = arg(0); return num(list.t === "l" ? list.v.length : 0); }
              case "string-length": {
                const x = arg(0);
                if (x.t === "s" || x.t === "d") return num(Array.from(x.v).length);
                return x.t === "e" ? num(0) : empty;
              }
              case "regex": {
                const text = arg(0), pattern = arg(1);
                if (text.t !== "s" || pattern.t !== "s") return bool(false);
                let expression;
                try { expression = new RegExp(pattern.v, "u"); } catch (e) { return bool(false); }
                return bool(expression.test(text.v));
              }
              case "if": return isTrue(arg(0)) ? arg(1) : arg(2);
              case "coalesce": { const first = arg(0); return first.t === "e" ? arg(1) : first; }
            }
            return empty;
          }
          function sum(values) {
            let total = 0;
            for (const value of values) { const x = norm(value); if (x.t === "n") total += x.v; }
            return num(total);
          }
          return {
            empty, num, str, isTrue, op, call, sum,
            neg: x => { const a = norm(x); return a.t === "n" ? num(-a.v) : empty; },
            and: (a, b) => bool(isTrue(a()) && isTrue(b())),
            or: (a, b) => bool(isTrue(a()) || isTrue(b())),
          };
        })();
        """
}
