/// Bounds for a number-valued key; each bound may be inclusive or exclusive.
public struct NumberRange: Sendable {
    public var min: Double?
    public var minExclusive: Bool
    public var max: Double?
    public var maxExclusive: Bool

    /// Creates a range; omitted bounds are open.
    public init(min: Double? = nil, minExclusive: Bool = false, max: Double? = nil, maxExclusive: Bool = false) {
        self.min = min
        self.minExclusive = minExclusive
        self.max = max
        self.maxExclusive = maxExclusive
    }

    /// Any finite number.
    public static let any = NumberRange()
    /// Zero or more.
    public static let nonNegative = NumberRange(min: 0)
    /// Strictly more than zero.
    public static let positive = NumberRange(min: 0, minExclusive: true)
    /// The half-open unit interval [0, 1).
    public static let unitHalfOpen = NumberRange(min: 0, max: 1, maxExclusive: true)
    /// The closed unit interval [0, 1].
    public static let unit = NumberRange(min: 0, max: 1)

    /// True when `value` lies inside the range.
    public func contains(_ value: Double) -> Bool {
        if let lo = min, minExclusive ? !(value > lo) : !(value >= lo) { return false }
        if let hi = max, maxExclusive ? !(value < hi) : !(value <= hi) { return false }
        return true
    }

    /// The range in interval notation, such as `[0, 1)` or `> 0`.
    public var text: String {
        switch (min, max) {
        case let (lo?, hi?):
            return "\(minExclusive ? "(" : "[")\(format(lo)), \(format(hi))\(maxExclusive ? ")" : "]")"
        case let (lo?, nil): return "\(minExclusive ? ">" : "≥") \(format(lo))"
        case let (nil, hi?): return "\(maxExclusive ? "<" : "≤") \(format(hi))"
        case (nil, nil): return "any number"
        }
    }

    private func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// A default value a schema fills in for an absent key.
public indirect enum DefaultValue: Sendable {
    case scalar(YAMLScalar)
    case list([YAMLScalar])
    case mapping([(String, DefaultValue)])

    /// The value as YAML writes it on one line (flow style: `[1, 2]`, `{op: linear, out_features: classes}`).
    public var flowText: String {
        switch self {
        case .scalar(let scalar): return scalar.yamlText
        case .list(let scalars): return "[" + scalars.map(\.yamlText).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\($0.0): \($0.1.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// The type of one configuration value, as the checker, the defaults filler and the JSON Schema see it.
public indirect enum SchemaType: Sendable {
    case string(pattern: String? = nil, examples: [String] = [])
    case integer(min: Int? = nil, max: Int? = nil)
    case number(NumberRange)
    case boolean
    case enumeration([String])
    case array(SchemaType, minItems: Int = 0, maxItems: Int? = nil)
    case object(ObjectSchema)
    /// A mapping from free-form names to values of one type.
    case dictionary(SchemaType)
    /// One of several types, told apart by the YAML node kind (scalar, sequence, mapping).
    case oneOf([SchemaType])
    /// A mapping whose `key` value (such as `op` or `type`) picks one of several object schemas.
    case tagged(key: String, variants: [(tag: String, schema: ObjectSchema)])
    /// Any YAML value (a sweep's values, which the pipeline they are set in checks).
    case any
    /// A mapping that has exactly one of several keys (such as `strip_prefix` or `drop`), which picks its object
    /// schema; each variant's schema lists that key as a required field.
    case keyed(variants: [(key: String, schema: ObjectSchema)])

    /// A short human name for the type, used in messages ("a mapping", "an integer").
    public var name: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .enumeration(let values): return "one of " + values.joined(separator: ", ")
        case .array: return "a list"
        case .object, .dictionary, .tagged: return "a mapping"
        case .keyed(let variants):
            return "a mapping with one of the keys " + variants.map(\.key).joined(separator: ", ")
        case .oneOf(let types): return types.map(\.name).joined(separator: " or ")
        case .any: return "any value"
        }
    }
}

/// One key of an object schema.
public struct SchemaField: Sendable {
    public var name: String
    public var type: SchemaType
    public var required: Bool
    public var defaultValue: DefaultValue?
    public var doc: String

    /// Creates a field; `required` and `defaultValue` are mutually exclusive.
    public init(
        _ name: String, _ type: SchemaType, required: Bool = false, default defaultValue: DefaultValue? = nil,
        doc: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// A mapping with a closed set of keys, or with its own keys and any others of one type (`otherKeys`).
public struct ObjectSchema: Sendable {
    public var doc: String
    public var fields: [SchemaField]
    /// The type of the keys not in `fields`, and what they mean; nil when no other key is allowed.
    public var otherKeys: (type: SchemaType, doc: String)?

    /// Creates an object schema from its documentation and fields.
    public init(_ doc: String, _ fields: [SchemaField], otherKeys: (type: SchemaType, doc: String)? = nil) {
        self.doc = doc
        self.fields = fields
        self.otherKeys = otherKeys
    }

    /// The field called `name`, if any.
    public func field(_ name: String) -> SchemaField? { fields.first { $0.name == name } }
}
