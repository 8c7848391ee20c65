/// A position in a text file: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    /// Creates a position from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Where a piece of configuration came from: a file and the start/end positions inside it.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    /// Creates a span in `file` from `start` (inclusive) to `end` (exclusive).
    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span for a whole file when no finer position is known.
    public static func wholeFile(_ file: String) -> SourceSpan {
        SourceSpan(file: file, start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1))
    }

    public var description: String { "\(file):\(start)" }

    /// The origin name of values filled in from schema defaults.
    public static let defaultOrigin = "(default)"

    /// A span for a value that `origin` (a default, a case shorthand) put where this span is.
    public func synthesized(by origin: String) -> SourceSpan {
        SourceSpan(file: origin, start: start, end: end)
    }

    /// True for spans of values no file or override wrote (defaults, shorthands).
    public var isSynthesized: Bool { file.hasPrefix("(") }
}
