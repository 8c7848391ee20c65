/// Suggests a `source.rename` rule when the file's tensor names and the network's differ by a prefix.
enum RenameHint {
    /// A hint for a load that lacked the network's `missing` names and found the file's `unexpected` ones; nil when
    /// no prefix explains at least half of the missing names.
    static func suggest(missing: [String], unexpected: [String]) -> String? {
        if let prefix = prefix(that: unexpected, add: missing) {
            return
                "the file's names start with '\(prefix)' where the network's do not: add 'rename: [{strip_prefix: \(prefix)}]' under 'source'"
        }
        if let prefix = prefix(that: missing, add: unexpected) {
            return "the network's names start with '\(prefix)' where the file's do not: "
                + "add 'rename: [{regex: \"^\", replace: \(prefix)}]' under 'source'"
        }
        return nil
    }

    /// The prefix (up to a dot) that names in `longer` most often add to a name in `shorter`, if it covers half of `shorter`.
    private static func prefix(that longer: [String], add shorter: [String]) -> String? {
        let wanted = Set(shorter)
        var counts: [String: Int] = [:]
        for name in longer {
            for dot in name.indices where name[dot] == "." && wanted.contains(String(name[name.index(after: dot)...])) {
                counts[String(name[...dot]), default: 0] += 1
            }
        }
        let best = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first
        guard let best, !shorter.isEmpty, best.value * 2 >= shorter.count else { return nil }
        return best.key
    }
}
