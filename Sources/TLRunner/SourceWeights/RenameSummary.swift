/// What the `source.rename` rules did to the tensor names of one weights file.
public struct RenameSummary: Sendable, Equatable {
    /// How many tensors the rules gave another name.
    public var changed = 0
    /// The original names of the tensors a `drop` rule left out.
    public var dropped: [String] = []
    /// The rules, as written, that matched no tensor name.
    public var unmatched: [String] = []

    /// The lines the load report adds.
    public var lines: [String] {
        var out = [
            "  renamed by source.rename: \(changed) name\(changed == 1 ? "" : "s") changed, \(dropped.count) dropped"
                + (dropped.isEmpty
                    ? "" : " (" + dropped.prefix(6).joined(separator: ", ") + (dropped.count > 6 ? ", …)" : ")"))
        ]
        out += unmatched.map { "  rename rule \($0) matched no tensor name" }
        return out
    }
}
