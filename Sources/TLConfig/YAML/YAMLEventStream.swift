import CYAML

/// Pulls events from libyaml's event parser over a private copy of the input and turns libyaml failures into `YAMLError`s.
///
/// The libyaml parser and the input copy are freed when the stream is.
final class YAMLEventStream {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String

    /// Prepares a libyaml parser reading `bytes`; `file` names the input in spans.
    init<Bytes: Collection>(bytes: Bytes, file: String) throws where Bytes.Element == UInt8 {
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw YAMLError(
                YAMLErrorCode.tooLarge, "out of memory while starting the YAML parser", at: .wholeFile(file))
        }
        input = .allocate(capacity: max(bytes.count, 1))
        let copied = input.initialize(fromContentsOf: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, copied)
        self.file = file
    }

    deinit {
        yaml_parser_delete(parser)
        input.deallocate()
        parser.deallocate()
    }

    /// The next event; throws the parser's error, with its position, when the input is malformed.
    func next() throws -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            throw LibYAMLErrorTranslator.error(from: parser.pointee, input: UnsafeBufferPointer(input), file: file)
        }
        defer { yaml_event_delete(&event) }
        return YAMLEvent(
            kind: Self.kind(of: event), start: SourcePosition(event.start_mark), end: SourcePosition(event.end_mark))
    }

    private static func kind(of event: yaml_event_t) -> YAMLEvent.Kind {
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                } ?? ""
            return .scalar(text, style(scalar.style), anchor: string(scalar.anchor), tag: tag(scalar.tag))
        case YAML_SEQUENCE_START_EVENT:
            let sequence = event.data.sequence_start
            return .sequenceStart(
                anchor: string(sequence.anchor), tag: tag(sequence.tag),
                isFlow: sequence.style == YAML_FLOW_SEQUENCE_STYLE)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let mapping = event.data.mapping_start
            return .mappingStart(
                anchor: string(mapping.anchor), tag: tag(mapping.tag), isFlow: mapping.style == YAML_FLOW_MAPPING_STYLE)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return .streamEnd  // YAML_STREAM_END_EVENT; libyaml hands out no other kind after a successful parse
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The tag with libyaml's expanded standard prefix shortened back to `!!`.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer) else { return nil }
        let standardPrefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(standardPrefix) ? "!!" + tag.dropFirst(standardPrefix.count) : tag
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}

extension SourcePosition {
    /// The 1-based position of a libyaml mark, whose line and column are 0-based.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(clamping: mark.line) + 1, column: Int(clamping: mark.column) + 1)
    }
}
