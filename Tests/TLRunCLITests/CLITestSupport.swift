import Foundation
import XCTest
@_exported import TLTestSupport

/// The built `tlrun` executable next to the test bundle.
let tlrunBinary = builtExecutable("tlrun")

/// Runs the built `tlrun` with `arguments`.
func tlrun(_ arguments: String...) throws -> CommandResult {
    try runCommand(tlrunBinary, arguments)
}

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "tlrun-cli-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
