import Foundation

/// The regular expressions of `source.rename` rules: NSRegularExpression (ICU) syntax, with readable errors.
public enum TensorNamePattern {
    /// Why a pattern or a replacement template cannot be used.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The compiled `pattern`; throws `Problem` naming the pattern and what is wrong with it.
    public static func compile(_ pattern: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw Problem(description: "invalid regular expression '\(pattern)': \(reason(pattern))")
        }
    }

    /// The first `$n` in `template` that names a group `expression` does not have, as a message; nil when all exist.
    public static func missingGroup(in template: String, for expression: NSRegularExpression) -> String? {
        var characters = template.makeIterator()
        while let character = characters.next() {
            if character == "\\" {
                _ = characters.next()
            } else if character == "$", let digit = characters.next()?.wholeNumberValue,
                digit > expression.numberOfCaptureGroups
            {
                let groups = expression.numberOfCaptureGroups
                return "'$\(digit)' in '\(template)' names group \(digit), but '\(expression.pattern)' has "
                    + (groups == 0 ? "no groups" : groups == 1 ? "only group 1" : "only groups 1 to \(groups)")
            }
        }
        return nil
    }

    /// ICU reports no reason, so the reason comes from Swift's own parser of the same regex language.
    private static func reason(_ pattern: String) -> String {
        do {
            _ = try Regex(pattern)
            return "ICU rejects it"
        } catch {
            return "\(error)"
        }
    }
}
