/// Plain-language hints for libyaml's most common problem texts.
enum LibYAMLProblemHints {
    private static let hints: [(problem: String, hint: String)] = [
        ("mapping values are not allowed", "a ': ' inside a plain value? quote the value"),
        (
            "could not find expected ':'",
            "a key without ':', or a plain value that continues on the next line? quote multi-line values"
        ),
        ("did not find expected key", "is this line indented like the other keys of its mapping?"),
        ("did not find expected '-' indicator", "is this line indented like the other '- ' items of its list?"),
        ("block sequence entries are not allowed", "a '- ' item on the same line as a key, or indented wrongly?"),
        (
            "found character that cannot start any token",
            "a tab used for indentation, or a value starting with '@' or '`'? indent with spaces and quote the value"
        ),
        ("found a tab character", "indent with spaces, not tabs"),
        ("found unexpected end of stream", "a quoted value is missing its closing quote"),
        ("found unknown escape character", "a backslash inside double quotes? use single quotes or write '\\\\'"),
        ("did not find expected ',' or ']'", "a '[' list is missing a ',' or its closing ']'"),
        ("did not find expected ',' or '}'", "a '{' mapping is missing a ',' or its closing '}'"),
        ("did not find expected <document start>", "content after a '...' end-of-document line? remove that line"),
        ("did not find expected node content", "a value starting with a character YAML reserves? quote the value"),
    ]

    /// A hint for the problem text, or nil when none is known.
    static func hint(for problem: String) -> String? {
        hints.first { problem.hasPrefix($0.problem) }?.hint
    }
}
