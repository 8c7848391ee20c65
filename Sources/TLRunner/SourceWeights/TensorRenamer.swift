import Foundation
import TLConfig
import TLIO

/// Applies `source.rename` rules, in order, to the names of the tensors read from a weights file.
struct TensorRenamer {
    private let rules: [(rule: TensorRenameRule, expression: NSRegularExpression?)]

    /// Compiles the rules' patterns; throws `WeightsFileError` for a pattern that is not a valid regular expression.
    init(_ rules: [TensorRenameRule], file: String) throws {
        self.rules = try rules.map { rule in
            do {
                return (rule, try rule.pattern.map { try TensorNamePattern.compile($0.text) })
            } catch {
                throw WeightsFileError.naming(file: file, problem: "\(rule.path): \(error)")
            }
        }
    }

    /// The tensors under their new names, dropped ones left out, and what the rules did; throws `WeightsFileError`
    /// when two tensors end up with the same name.
    func apply(to tensors: [StoredTensor], file: String) throws -> (tensors: [StoredTensor], renaming: RenameSummary) {
        var summary = RenameSummary()
        var matched = [Bool](repeating: false, count: rules.count)
        var originalOf: [String: String] = [:]
        var kept: [StoredTensor] = []
        for var tensor in tensors {
            let original = tensor.name
            guard let name = renamed(original, matched: &matched) else {
                summary.dropped.append(original)
                continue
            }
            if let other = originalOf.updateValue(original, forKey: name) {
                throw WeightsFileError.naming(
                    file: file,
                    problem:
                        "the rename rules give two tensors the name '\(name)': '\(other)' and '\(original)' (make the rules more specific, or leave one out with a drop rule)"
                )
            }
            if name != original { summary.changed += 1 }
            tensor.name = name
            kept.append(tensor)
        }
        summary.unmatched = zip(rules, matched).filter { !$0.1 }.map { "\($0.0.rule.path) \($0.0.rule.text)" }
        return (kept, summary)
    }

    /// `name` after every rule, or nil when a `drop` rule matched it; marks in `matched` the rules that applied.
    private func renamed(_ name: String, matched: inout [Bool]) -> String? {
        var current = name
        for (index, (rule, expression)) in rules.enumerated() {
            let whole = NSRange(current.startIndex..., in: current)
            switch rule.action {
            case .stripPrefix(let prefix):
                guard current.hasPrefix(prefix) else { continue }
                current = String(current.dropFirst(prefix.count))
            case .replace(_, let template):
                guard let expression, expression.firstMatch(in: current, range: whole) != nil else { continue }
                current = expression.stringByReplacingMatches(in: current, range: whole, withTemplate: template)
            case .drop:
                guard let expression, expression.firstMatch(in: current, range: whole) != nil else { continue }
                matched[index] = true
                return nil
            }
            matched[index] = true
        }
        return current
    }
}
