/// Resolves plain scalar text to null, bool, int, float or string as the YAML 1.2 core schema says.
enum YAMLCoreSchema {
    /// The value a plain scalar denotes.
    static func resolve(_ text: String) -> YAMLScalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let integer = integer(text) { return .int(integer) }
        if isFloatSyntax(text), let double = Double(text) { return .double(double) }
        return .string(text)
    }

    /// The value of an explicitly tagged scalar: `!!null`, `!!bool`, `!!int` and `!!float` resolve when the text fits; anything else is a string.
    static func resolve(_ text: String, asTag tag: String) -> YAMLScalar {
        let value = resolve(text)
        switch (tag, value) {
        case ("!!null", .null), ("!!bool", .bool), ("!!int", .int), ("!!float", .double):
            return value
        case ("!!float", .int(let integer)):
            return .double(Double(integer))
        default:
            return .string(text)
        }
    }

    /// An integer written as `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; nil when the text is not one or overflows.
    private static func integer(_ text: String) -> Int? {
        let utf8 = text.utf8
        if utf8.count > 2, utf8.first == UInt8(ascii: "0") {
            let body = text.dropFirst(2)
            switch utf8.dropFirst().first {
            case UInt8(ascii: "x"): return body.utf8.allSatisfy(isHexDigit) ? Int(body, radix: 16) : nil
            case UInt8(ascii: "o"): return body.utf8.allSatisfy(isOctalDigit) ? Int(body, radix: 8) : nil
            default: break
            }
        }
        let digits = utf8.first == UInt8(ascii: "-") || utf8.first == UInt8(ascii: "+") ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy(isDecimalDigit) else { return nil }
        return Int(text)
    }

    /// Whether the text matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isFloatSyntax(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        skipSign(&bytes)
        let integerDigits = skipDigits(&bytes)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionDigits = skipDigits(&bytes)
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            skipSign(&bytes)
            guard skipDigits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    private static func skipSign(_ bytes: inout Substring.UTF8View) {
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
    }

    private static func skipDigits(_ bytes: inout Substring.UTF8View) -> Int {
        let count = bytes.prefix(while: isDecimalDigit).count
        bytes = bytes.dropFirst(count)
        return count
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isOctalDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDecimalDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
