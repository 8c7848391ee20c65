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
