/// A problem with a weights file: which file, what is wrong, and what was expected.
public struct WeightsFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or in-memory source) the problem was found in.
    public var file: String
    /// What is wrong and what was expected instead.
    public var message: String

    /// Creates an error about `file`.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// The file followed by the message, e.g. `model.pth: storage 'data/3' holds 12 bytes, expected 16`.
    public var description: String { "\(file): \(message)" }
}
