import Foundation

/// A fresh, empty folder under the system's temporary folder, named `tlrun-<label>-<unique id>`; a test that cannot
/// have one stops with the reason.
public func temporaryFolder(_ label: String = "test") -> String {
    let path =
        NSTemporaryDirectory() + "tlrun-\(label.filter { $0.isLetter || $0.isNumber || $0 == "-" })-"
        + UUID().uuidString
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        preconditionFailure("cannot create the temporary folder \(path): \(error)")
    }
    return path
}
