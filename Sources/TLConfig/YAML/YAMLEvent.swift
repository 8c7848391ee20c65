/// One parsing event, copied out of libyaml's memory, with the positions it covers.
struct YAMLEvent {
    /// What the event announces.
    enum Kind {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String)
        case scalar(String, YAMLScalarStyle, anchor: String?, tag: String?)
        case sequenceStart(anchor: String?, tag: String?, isFlow: Bool)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?, isFlow: Bool)
        case mappingEnd
    }

    var kind: Kind
    var start: SourcePosition
    var end: SourcePosition
}
