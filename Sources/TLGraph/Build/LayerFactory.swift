import TLConfig

/// Turns layer-language entries (`op:` mappings) into graph layers through `LayerRegistry`.
public enum LayerFactory {
    /// The layer for `spec`, named `defaultName` unless the file names it; `classes` replaces `out_features: classes`.
    /// Nil when the entry names no known operation (the schema check reports it).
    public static func layer(_ spec: OpSpec, defaultName: String, classes: Int) -> Layer? {
        LayerRegistry.syntax(spec.op)?.layer(from: spec, name: spec.name ?? defaultName, classes: classes)
    }

    /// True when `spec` names an operation of the layer language (the schema check reports the others).
    public static func knows(_ spec: OpSpec) -> Bool { LayerRegistry.syntax(spec.op) != nil }

    /// True when every entry names a known operation, so the graph can be built from them.
    public static func knowsAll(_ specs: [OpSpec]) -> Bool { specs.allSatisfy(knows) }

    /// Layers for a list of entries; unnamed ones become `<prefix><index>`, unknown ones are left out.
    public static func layers(_ specs: [OpSpec], prefix: String, classes: Int) -> [Layer] {
        specs.enumerated().compactMap { index, spec in layer(spec, defaultName: "\(prefix)\(index)", classes: classes) }
    }
}
