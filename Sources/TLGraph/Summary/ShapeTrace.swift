/// Formats inferred layers as the shape-trace lines shown under shape diagnostics.
public enum ShapeTrace {
    /// Lines such as `conv1  conv2d  N×32×28×28` for the last `limit` layers.
    public static func lines(_ layers: [InferredLayer], limit: Int = 10) -> [String] {
        let shown = layers.suffix(limit)
        let width = max(12, shown.map { $0.layer.name.count + 2 * $0.depth }.max() ?? 0)
        var lines: [String] = []
        if layers.count > limit {
            lines.append("… \(layers.count - limit) earlier layers")
        } else if let first = layers.first {
            lines.append(pad("input", width) + "  " + pad("", 18) + "  " + first.input.description)
        }
        for entry in shown {
            let name = String(repeating: "  ", count: entry.depth) + entry.layer.name
            lines.append(pad(name, width) + "  " + pad(entry.layer.op.kind, 18) + "  " + entry.output.description)
        }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
