import CYAML

/// Turns the error state of a failed libyaml parser into a `YAMLError` with a 1-based position and a hint.
enum LibYAMLErrorTranslator {
    /// The error a libyaml parser reports after `yaml_parser_parse` failed on `input`.
    static func error(from parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>, file: String) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            let position = SourcePosition(byteOffset: Int(clamping: parser.problem_offset), in: input)
            let span = SourceSpan(file: file, start: position, end: position)
            return YAMLError(YAMLErrorCode.encoding, readerMessage(problem, value: parser.problem_value), at: span)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let position = SourcePosition(parser.problem_mark)
            let span = SourceSpan(file: file, start: position, end: position)
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                message = "\(context) at \(SourcePosition(parser.context_mark)): \(problem)"
            }
            if let hint = LibYAMLProblemHints.hint(for: problem) {
                message += " (\(hint))"
            }
            return YAMLError(YAMLErrorCode.syntax, message, at: span)
        default:
            return YAMLError(YAMLErrorCode.tooLarge, "out of memory while parsing: \(problem)", at: .wholeFile(file))
        }
    }

    /// A message for libyaml's reader errors: bytes that are not UTF-8 text YAML accepts.
    private static func readerMessage(_ problem: String, value: Int32) -> String {
        guard value >= 0 else { return "the file is not valid UTF-8 text: \(problem) (save the file as UTF-8)" }
        if problem.hasPrefix("control characters") {
            return "the file contains the control character U+\(hex(value, width: 4)), which YAML does not allow "
                + "(remove it, or write it as \"\\x\(hex(value, width: 2))\" inside a double-quoted string)"
        }
        return "the file is not valid UTF-8 text: \(problem) 0x\(hex(value, width: 2)) (save the file as UTF-8)"
    }

    private static func hex(_ value: Int32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
