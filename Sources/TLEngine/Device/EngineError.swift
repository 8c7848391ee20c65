/// A problem compiling or running a network: what failed and, where it helps, how to fix it.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String

    /// Creates an error with its message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
