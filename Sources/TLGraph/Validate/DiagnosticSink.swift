import TLConfig

/// Collects diagnostics for one pipeline, placing each at the span of a configuration path.
struct DiagnosticSink {
    let config: ResolvedConfig
    var list = DiagnosticList()

    init(config: ResolvedConfig) {
        self.config = config
        list = config.diagnostics
    }

    /// Adds an error at `path` (or its nearest written parent); `atKey` points at the key instead of its value.
    mutating func report(
        _ code: String, at path: ConfigPath, atKey: Bool = false, _ message: String,
        expected: String? = nil, got: String? = nil, hint: String? = nil, trace: [String] = []
    ) {
        add(.error, code, at: path, atKey: atKey, message, expected: expected, got: got, hint: hint, trace: trace)
    }

    /// Adds a warning at `path`.
    mutating func warn(_ code: String, at path: ConfigPath, atKey: Bool = false, _ message: String, hint: String? = nil)
    {
        add(.warning, code, at: path, atKey: atKey, message, hint: hint)
    }

    /// Adds a note at `path`.
    mutating func note(_ code: String, at path: ConfigPath, _ message: String, hint: String? = nil) {
        add(.note, code, at: path, message, hint: hint)
    }

    private mutating func add(
        _ severity: Severity, _ code: String, at path: ConfigPath, atKey: Bool = false, _ message: String,
        expected: String? = nil, got: String? = nil, hint: String? = nil, trace: [String] = []
    ) {
        let span = atKey ? config.keySpan(at: path) : config.span(at: path)
        list.append(
            Diagnostic(
                severity, code: code, at: span, path: path.description, message: message,
                expected: expected, got: got, hint: hint, trace: trace))
    }

    /// True when `path` was written by a file or an override (not a default).
    func isWritten(_ path: ConfigPath) -> Bool {
        guard let node = config.root.node(at: path) else { return false }
        return !node.span.isSynthesized
    }
}
