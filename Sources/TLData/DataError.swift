/// A problem with a data set, naming the file, what is wrong and how to fix it.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or data set location) the problem is in.
    public var file: String
    /// What is wrong.
    public var problem: String
    /// What the person can do about it.
    public var fix: String

    /// Creates an error for `file`.
    public init(file: String, problem: String, fix: String) {
        self.file = file
        self.problem = problem
        self.fix = fix
    }

    /// `file: problem (fix)`, one line.
    public var description: String { "\(file): \(problem) (\(fix))" }
}
