import Foundation
@_exported import TLTestSupport
import XCTest

/// The built `tlrun` executable next to the test bundle.
let tlrunBinary = builtExecutable("tlrun")

/// Runs the built `tlrun` with `arguments`.
func tlrun(_ arguments: String...) throws -> CommandResult {
    try runCommand(tlrunBinary, arguments)
}
