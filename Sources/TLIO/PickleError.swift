/// A problem found while unpickling; the unpickler adds the byte position and file.
struct PickleError: Error {
    var message: String

    /// Creates an error with the given message.
    init(_ message: String) { self.message = message }
}
