/// How serious a diagnostic is: errors make a pipeline invalid, warnings and notes do not.
public enum Severity: String, Sendable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in a pipeline: what, where, expected versus got, and how to fix it.
public struct Diagnostic: Error, Sendable, Equatable {
    public var severity: Severity
    /// Stable machine-readable code such as `shape/linear-in`.
    public var code: String
    /// The file and positions the problem is at.
    public var span: SourceSpan
    /// The configuration key path, such as `head[1].in_features`.
    public var path: String
    public var message: String
    public var expected: String?
    public var got: String?
    public var hint: String?
    /// The shape trace that led to a shape problem, one line per layer.
    public var trace: [String]

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, code: String, at span: SourceSpan, path: String, message: String,
        expected: String? = nil, got: String? = nil, hint: String? = nil, trace: [String] = []
    ) {
        self.severity = severity
        self.code = code
        self.span = span
        self.path = path
        self.message = message
        self.expected = expected
        self.got = got
        self.hint = hint
        self.trace = trace
    }
}

/// Collects diagnostics in the order they are found.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    /// Creates an empty list.
    public init() {}

    /// Adds one diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    /// Adds several diagnostics.
    public mutating func append(contentsOf more: [Diagnostic]) { items.append(contentsOf: more) }

    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// The diagnostics sorted by file and position, keeping discovery order for ties.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            let x = a.element.span, y = b.element.span
            if x.file != y.file { return x.file < y.file }
            if x.start != y.start { return x.start < y.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}
