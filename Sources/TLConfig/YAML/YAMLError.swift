/// A YAML problem with the file position it was found at.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    public var span: SourceSpan
    /// What is wrong and how to fix it.
    public var message: String
    /// A stable code such as "yaml/syntax"; see `YAMLErrorCode`.
    public var code: String

    init(_ code: String, _ message: String, at span: SourceSpan) {
        self.span = span
        self.message = message
        self.code = code
    }

    public var description: String { "\(span): \(message) [\(code)]" }

    /// The message without its closing advice in parentheses.
    public var problem: String {
        guard let open = adviceStart else { return message }
        return String(message[..<open])
    }

    /// The advice that closes the message (its last parenthesised clause), if any.
    public var hint: String? {
        guard let open = adviceStart else { return nil }
        return String(message[message.index(open, offsetBy: 2)..<message.index(before: message.endIndex)])
    }

    private var adviceStart: String.Index? {
        guard message.hasSuffix(")"), let open = message.range(of: " (", options: .backwards)?.lowerBound else {
            return nil
        }
        return open
    }
}

/// The stable codes a `YAMLError` carries.
enum YAMLErrorCode {
    static let io = "yaml/io"
    static let syntax = "yaml/syntax"
    static let encoding = "yaml/encoding"
    static let tooLarge = "yaml/too-large"
    static let tooDeep = "yaml/too-deep"
    static let aliasBomb = "yaml/alias-bomb"
    static let unknownAlias = "yaml/unknown-alias"
    static let multipleDocuments = "yaml/multiple-documents"
    static let merge = "yaml/merge"
}
