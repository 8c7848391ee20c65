import Foundation

/// Minimal JSON text building for headers tlrun writes itself.
enum JSONText {
    /// `text` as a quoted JSON string literal (Foundation's encoder; slashes are left as they are).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        // Encoding a string cannot fail: every string has a JSON form.
        guard let data = try? encoder.encode(text) else { preconditionFailure("a string has no JSON form") }
        return String(decoding: data, as: UTF8.self)
    }
}
