import TLConfig

/// The layer types a build knows, each with the entries pipelines write it as: the validator's schema, the graph
/// builder's factory and the tests all read it instead of switching over operations. Its one instance with every
/// view checked by the compiler is `LayerCatalog.language` (module TLLayerCatalog).
public struct LayerLanguage: Sendable {
    /// One layer type and the layer-language entries that build it.
    public struct Entry: Sendable {
        /// The operation type.
        public let operation: any LayerOperation.Type
        /// The entries (`op:` tags) that make it; empty for types only the zoo and shape inference make.
        public let syntaxes: [any LayerSyntax.Type]

        /// Pairs an operation type with its entries.
        public init(operation: any LayerOperation.Type, syntaxes: [any LayerSyntax.Type]) {
            self.operation = operation
            self.syntaxes = syntaxes
        }
    }

    /// Every layer type, in the order the schema documents their entries.
    public let entries: [Entry]

    /// A language of `entries`.
    public init(_ entries: [Entry]) { self.entries = entries }

    /// Every operation type, written in pipelines or only made by the zoo and shape inference.
    public var operations: [any LayerOperation.Type] { entries.map(\.operation) }

    /// The layer-language entries, in the order the schema documents them.
    public var syntaxes: [any LayerSyntax.Type] { entries.flatMap(\.syntaxes) }

    /// The schema variants of the layer language, for `PipelineSchema`.
    public var schemaVariants: [(tag: String, schema: ObjectSchema)] { syntaxes.map { ($0.tag, $0.schema) } }

    /// The entry type written as `op: tag`, if any.
    public func syntax(_ tag: String) -> (any LayerSyntax.Type)? { syntaxes.first { $0.tag == tag } }

    /// The layer for `spec`, named `defaultName` unless the file names it; `classes` replaces `out_features: classes`.
    /// Nil when the entry names no known operation (the schema check reports it).
    public func layer(_ spec: OpSpec, defaultName: String, classes: Int) -> Layer? {
        syntax(spec.op)?.layer(from: spec, name: spec.name ?? defaultName, classes: classes)
    }

    /// True when every entry names an operation of the language, so the graph can be built from them (the schema
    /// check reports the others).
    public func knowsAll(_ specs: [OpSpec]) -> Bool { specs.allSatisfy { syntax($0.op) != nil } }

    /// Layers for a list of entries; unnamed ones become `<prefix><index>`, unknown ones are left out.
    public func layers(_ specs: [OpSpec], prefix: String, classes: Int) -> [Layer] {
        specs.enumerated().compactMap { index, spec in layer(spec, defaultName: "\(prefix)\(index)", classes: classes) }
    }
}
