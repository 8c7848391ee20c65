import TLConfig
import TLEngine
import TLGraph
import TLRunner

/// `tlrun summary --kernels`: the oneDNN implementation of each layer's primitives on this CPU, per plan and direction.
enum KernelTable {
    /// The report as text: the instruction set, then one table per plan; reference implementations are marked.
    static func text(_ report: KernelReport, batchSize: Int) -> String {
        var text =
            "kernels on this CPU (oneDNN \(OneDNNVersion.text), instruction set \(report.instructionSet), batch \(batchSize)):\n"
        for (title, choices) in [("training plan", report.training), ("evaluation plan", report.evaluation)] {
            text += "\n\(title):\n"
            text += SummaryText.table(
                [["layer", "operation", "direction", "implementation", "shapes"]]
                    + choices.map { choice in
                        [
                            choice.layer, choice.operation, choice.direction,
                            choice.implementation + (choice.isReference ? "  (reference: slow)" : ""), choice.shape,
                        ]
                    })
        }
        let references = KernelReport.references(report.training + report.evaluation)
        text +=
            references.isEmpty
            ? "\nno reference implementations\n"
            : "\n" + references.map(KernelReport.warning).joined(separator: "\n") + "\n"
        return text
    }

    /// The report as JSON: instruction set and, per plan, every primitive's layer, operation, direction and implementation.
    static func json(_ report: KernelReport) -> JSONValue {
        func entries(_ choices: [KernelChoice]) -> JSONValue {
            .array(
                choices.map { choice in
                    .object([
                        ("layer", .string(choice.layer)), ("operation", .string(choice.operation)),
                        ("direction", .string(choice.direction)), ("implementation", .string(choice.implementation)),
                        ("reference", .bool(choice.isReference)), ("shapes", .string(choice.shape)),
                    ])
                })
        }
        return .object([
            ("instruction_set", .string(report.instructionSet)), ("onednn", .string(OneDNNVersion.text)),
            ("training", entries(report.training)), ("evaluation", entries(report.evaluation)),
        ])
    }
}
