/// Parses YAML configuration text into a node tree.
public enum YAMLReader {
    /// Reads and parses a file (checks the size with a stat BEFORE reading; never reads more than maxBytes+1).
    public static func parse(file path: String, limits: YAMLLimits = .default) throws -> YAMLNode {
        let bytes = try YAMLFileLoader.contents(of: path, maxBytes: limits.maxBytes)
        guard limits == .default else { return try parse(bytes: bytes, file: path, limits: limits) }
        return try ParsedFileCache.node(path, bytes: bytes) { try parse(bytes: bytes, file: path, limits: limits) }
    }

    /// Parses text; `file` is used for spans only.
    public static func parse(text: String, file: String, limits: YAMLLimits = .default) throws -> YAMLNode {
        try YAMLFileLoader.checkSize(text.utf8.count, of: file, maxBytes: limits.maxBytes)
        return try parse(bytes: text.utf8, file: file, limits: limits)
    }

    /// Parses the single document in `bytes`; an input without content (at most comments and `---`) yields an empty mapping at 1:1.
    static func parse<Bytes: Collection>(bytes: Bytes, file: String, limits: YAMLLimits) throws -> YAMLNode
    where Bytes.Element == UInt8 {
        try refuseRepeatedByteOrderMark(bytes, file: file)
        let events = try YAMLEventStream(bytes: bytes, file: file)
        var builder = YAMLTreeBuilder(file: file, limits: limits)
        while true {
            let event = try events.next()
            if case .streamEnd = event.kind { break }
            try builder.handle(event)
        }
        guard let root = builder.root, !isEmptyDocument(root) else {
            return YAMLNode(value: .mapping([]), span: .wholeFile(file))
        }
        return root
    }

    /// A UTF-8 byte-order mark may start a file once; a second one (editors and tools that each add one) would reach
    /// libyaml as an invisible character and be reported as a syntax error on a line that looks right.
    private static func refuseRepeatedByteOrderMark<Bytes: Collection>(_ bytes: Bytes, file: String) throws
    where Bytes.Element == UInt8 {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard bytes.starts(with: mark + mark) else { return }
        throw YAMLError(
            YAMLErrorCode.encoding,
            "the file starts with more than one UTF-8 byte-order mark "
                + "(save it as UTF-8 with at most one byte-order mark, or without one)", at: .wholeFile(file))
    }

    /// Whether the document is the empty plain scalar libyaml reports for a document with no content.
    private static func isEmptyDocument(_ root: YAMLNode) -> Bool {
        guard case .scalar("", .plain) = root.value else { return false }
        return root.tag == nil
    }
}
