import TLConfig

/// Renders graph summaries as aligned text tables and as JSON.
public enum SummaryText {
    /// `1234567` as `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    /// A byte count in MB or GB with one decimal.
    public static func bytes(_ n: Int) -> String {
        let mb = Double(n) / 1_000_000
        return mb >= 1000 ? "\(rounded(mb / 1000)) GB" : "\(rounded(mb)) MB"
    }

    /// A multiply-accumulate count in M or G.
    public static func macs(_ n: Int) -> String {
        let m = Double(n) / 1_000_000
        return m >= 1000 ? "\(rounded(m / 1000)) GMAC" : "\(rounded(m)) MMAC"
    }

    static func rounded(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }

    /// Pads columns to equal widths, each line indented by `indent` spaces; the first row is the header; one-cell
    /// rows are printed as they are.
    public static func table(_ rows: [[String]], indent: Int = 0) -> String {
        let cells = rows.filter { $0.count > 1 }
        let margin = String(repeating: " ", count: indent)
        guard let columns = cells.map(\.count).max() else { return rows.map { margin + $0.joined() + "\n" }.joined() }
        let widths = (0..<columns).map { c in cells.map { $0.count > c ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            margin
                + row.enumerated().map { c, cell in
                    c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
                }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The layer table with a marker row where the source was cut and where the head starts.
    public static func layerTable(_ graph: TransferGraph, showTraining: Bool) -> String {
        var rows: [[String]] = [
            showTraining
                ? ["layer", "op", "output", "params", "trains", "batchnorm", "lr×"]
                : ["layer", "op", "output", "params"]
        ]
        rows.append(["input", "", graph.input.description, ""])
        var headStarted = false
        for row in GraphSummary.rows(graph) {
            if row.isHead && !headStarted {
                headStarted = true
                let cut = graph.cutAfter.map { "── cut after \($0)" } ?? "── no cut"
                let removed = graph.removed.isEmpty ? "" : " (removed: \(graph.removed.joined(separator: ", ")))"
                rows.append([cut + removed + "; head ──"])
            }
            var cells = [
                String(repeating: "  ", count: row.depth) + row.name, row.op, row.output.description,
                row.parameters == 0 ? "" : grouped(row.parameters),
            ]
            if showTraining {
                cells += [row.training, row.batchNorm ?? "", row.lrMultiplier == 1 ? "" : "\(row.lrMultiplier)"]
            }
            rows.append(cells)
        }
        return table(rows)
    }

    /// The totals block.
    public static func totalsText(_ totals: GraphTotals, batchSize: Int) -> String {
        table([
            ["parameters", grouped(totals.parameters)],
            ["trainable", grouped(totals.trainableParameters)],
            ["compute", macs(totals.macsPerImage) + " per image"],
            ["activations", bytes(totals.activationBytes) + " at batch \(batchSize)"],
        ])
    }

    /// The graph as JSON: input, cut, layers with shapes and training state, and totals.
    public static func json(_ graph: TransferGraph, batchSize: Int, extra: [(String, JSONValue)] = []) -> JSONValue {
        let totals = GraphSummary.totals(graph, batchSize: batchSize)
        let layers = GraphSummary.rows(graph).map { row -> JSONValue in
            .object([
                ("name", .string(row.name)), ("op", .string(row.op)), ("depth", .int(row.depth)),
                ("output", .array(row.output.dims.map(JSONValue.int))), ("params", .int(row.parameters)),
                ("trains", .string(row.training)), ("batchnorm", row.batchNorm.map(JSONValue.string) ?? .null),
                ("lr_mult", .double(row.lrMultiplier)), ("part", .string(row.isHead ? "head" : "source")),
            ])
        }
        return .object(
            extra + [
                ("input", .array(graph.input.dims.map(JSONValue.int))),
                ("cut_after", graph.cutAfter.map(JSONValue.string) ?? .null),
                ("removed", .array(graph.removed.map(JSONValue.string))),
                ("layers", .array(layers)),
                (
                    "totals",
                    .object([
                        ("parameters", .int(totals.parameters)),
                        ("trainable_parameters", .int(totals.trainableParameters)),
                        ("macs_per_image", .int(totals.macsPerImage)),
                        ("activation_bytes", .int(totals.activationBytes)),
                        ("batch_size", .int(batchSize)),
                    ])
                ),
            ])
    }
}
