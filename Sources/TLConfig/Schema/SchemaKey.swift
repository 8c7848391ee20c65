/// A Swift type a configuration key can hold: how it is read from a checked node and written as a schema default.
public protocol SchemaValue: Sendable {
    /// The value `node` holds, or nil when it holds something else (the schema check has reported it).
    static func read(_ node: YAMLNode) -> Self?
    /// The value as the default a schema fills in.
    var schemaDefault: DefaultValue { get }
}

/// A key declared once, without a default: its name, type and documentation (the schema field the checker, the
/// JSON Schema, the reference and `--explain` read) and its typed read.
public struct SchemaKey<Value: SchemaValue>: Sendable {
    /// The key as the schema declares it.
    public let field: SchemaField

    /// A key without a default; `required` keys must be written.
    public init(_ name: String, _ type: SchemaType, required: Bool = false, doc: String) {
        field = SchemaField(name, type, required: required, doc: doc)
    }

    /// The value under this key in the checked mapping `parent`, nil when absent (or mistyped: the schema check
    /// has reported it).
    public func read(_ parent: YAMLNode?) -> Value? { parent?[field.name].flatMap(Value.read) }
}

/// A key declared once with its default: its name, type, default and documentation (the schema field the checker
/// fills in, and the JSON Schema, the reference and `--explain` show) and its typed read, which falls back to the
/// same default.
public struct DefaultedKey<Value: SchemaValue>: Sendable {
    /// The key as the schema declares it.
    public let field: SchemaField
    /// The value the schema fills in when the key is absent.
    public let defaultValue: Value

    /// A key the schema fills in with `defaultValue` when absent.
    public init(_ name: String, _ type: SchemaType, default defaultValue: Value, doc: String) {
        field = SchemaField(name, type, default: defaultValue.schemaDefault, doc: doc)
        self.defaultValue = defaultValue
    }

    /// The value under this key in the checked mapping `parent`; the default when absent (or mistyped: the schema
    /// check has reported it).
    public func read(_ parent: YAMLNode?) -> Value { parent?[field.name].flatMap(Value.read) ?? defaultValue }
}

/// Anything that declares one schema field: a typed key, or a field read by hand (mappings with keys of their own).
public protocol FieldDeclaration: Sendable {
    /// The field as the schema declares it.
    var field: SchemaField { get }
}

extension FieldDeclaration {
    /// The key's name.
    public var name: String { field.name }
}

extension SchemaKey: FieldDeclaration {}

extension DefaultedKey: FieldDeclaration {}

extension SchemaField: FieldDeclaration {
    /// The field itself.
    public var field: SchemaField { self }
}

extension ObjectSchema {
    /// An object schema of declared keys (and, with `otherKeys`, any other keys of that type).
    public init(_ doc: String, keys: [any FieldDeclaration], otherKeys: (type: SchemaType, doc: String)? = nil) {
        self.init(doc, keys.map(\.field), otherKeys: otherKeys)
    }
}

extension Int: SchemaValue {
    /// An integer scalar.
    public static func read(_ node: YAMLNode) -> Int? { node.int }
    /// The integer as a scalar default.
    public var schemaDefault: DefaultValue { .scalar(.int(self)) }
}

extension Double: SchemaValue {
    /// A number scalar (integers included).
    public static func read(_ node: YAMLNode) -> Double? { node.double }
    /// The number as a scalar default.
    public var schemaDefault: DefaultValue { .scalar(.double(self)) }
}

extension Bool: SchemaValue {
    /// A boolean scalar.
    public static func read(_ node: YAMLNode) -> Bool? { node.bool }
    /// The boolean as a scalar default.
    public var schemaDefault: DefaultValue { .scalar(.bool(self)) }
}

extension String: SchemaValue {
    /// A string scalar.
    public static func read(_ node: YAMLNode) -> String? { node.string }
    /// The string as a scalar default.
    public var schemaDefault: DefaultValue { .scalar(.string(self)) }
}

extension SchemaValue where Self: RawRepresentable, RawValue == String {
    /// A string scalar naming one of the cases.
    public static func read(_ node: YAMLNode) -> Self? { node.string.flatMap(Self.init(rawValue:)) }
    /// The case's name as a scalar default.
    public var schemaDefault: DefaultValue { .scalar(.string(rawValue)) }
}

/// A height and width written as `n` or `[h, w]` (kernel sizes, strides, image sizes).
public struct SizePair: SchemaValue, Equatable {
    public var height: Int
    public var width: Int

    /// A pair of `height` and `width`.
    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    /// The same size both ways.
    public init(_ side: Int) { self.init(side, side) }

    /// The pair as a tuple.
    public var tuple: (Int, Int) { (height, width) }

    /// Reads `n` or `[h, w]`.
    public static func read(_ node: YAMLNode) -> SizePair? { OpSpec.pair(node).map { SizePair($0.0, $0.1) } }

    /// `n` when both are equal, else `[h, w]`.
    public var schemaDefault: DefaultValue {
        height == width ? .scalar(.int(height)) : .list([.int(height), .int(width)])
    }
}

/// Two numbers written as `[a, b]` (a range, or Adam's betas).
public struct NumberPair: SchemaValue, Equatable {
    public var first: Double
    public var second: Double

    /// The pair `(first, second)`.
    public init(_ first: Double, _ second: Double) {
        self.first = first
        self.second = second
    }

    /// The pair as a tuple.
    public var tuple: (Double, Double) { (first, second) }

    /// Reads `[a, b]`.
    public static func read(_ node: YAMLNode) -> NumberPair? {
        guard let items = node.items, items.count == 2, let a = items[0].double, let b = items[1].double else {
            return nil
        }
        return NumberPair(a, b)
    }

    /// The pair as a list default.
    public var schemaDefault: DefaultValue { .list([.double(first), .double(second)]) }
}

/// A list of numbers written as `[a, b, ...]` (per-channel statistics).
public struct NumberList: SchemaValue, Equatable {
    public var values: [Double]

    /// The list `values`.
    public init(_ values: [Double]) { self.values = values }

    /// Reads a list of numbers (entries of other types are left out: the schema check has reported them).
    public static func read(_ node: YAMLNode) -> NumberList? { node.items.map { NumberList($0.compactMap(\.double)) } }

    /// The numbers as a list default.
    public var schemaDefault: DefaultValue { .list(values.map { .double($0) }) }
}

extension OpSpec {
    /// The value of `key` in this entry, nil when absent.
    public subscript<Value>(key: SchemaKey<Value>) -> Value? { key.read(node) }

    /// The value of `key` in this entry, or its declared default.
    public subscript<Value>(key: DefaultedKey<Value>) -> Value { key.read(node) }

    /// A width that may be written `classes`: the pipeline's class count then, otherwise the number (1 when absent:
    /// the schema check has reported it).
    public func width(_ key: SchemaKey<Int>, classes: Int) -> Int {
        node[key.name]?.string == "classes" ? classes : self[key] ?? 1
    }
}
