import Foundation

/// A value built by the restricted unpickler: plain data, containers, or interpreted torch objects.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case bytes(Data)
    /// An immutable tuple; `nesting` counts the tuples nested inside it, itself included.
    case tuple([PickleValue], nesting: Int)
    case list(PickleList)
    case dict(PickleDict)
    case global(TorchGlobal)
    case storage(TorchStorageReference)
    case tensor(TorchTensorReference)

    /// Tuple nesting depth (mutable containers count as 0: the arena, not recursion, releases them).
    var tupleNesting: Int {
        if case .tuple(_, let nesting) = self { return nesting }
        return 0
    }

    /// A short type name for error messages and skipped-entry lists.
    var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .global(let global): return global.qualifiedName
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }
}

/// A key of an unpickled dict (state dicts use strings; optimizer states use integers).
enum PickleDictKey: Hashable, CustomStringConvertible {
    case string(String)
    case int(Int64)

    /// The key as plain text (a string key without quotes).
    var text: String {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        }
    }

    /// The key as written in messages.
    var description: String {
        switch self {
        case .string(let text): return "'\(text)'"
        case .int(let number): return String(number)
        }
    }
}

/// A container whose contents the arena empties at the end, breaking reference cycles.
protocol PickleContainer: AnyObject {
    /// Drops every element.
    func removeAll()
}

/// A mutable pickled list (reference semantics, as Python's).
final class PickleList: PickleContainer {
    var items: [PickleValue] = []

    func removeAll() { items.removeAll() }
}

/// A mutable pickled dict that keeps insertion order, plus attribute names set on it by BUILD.
final class PickleDict: PickleContainer {
    private(set) var keys: [PickleDictKey] = []
    private var values: [PickleDictKey: PickleValue] = [:]
    /// Attribute names a BUILD opcode set on the object (e.g. `_metadata` on a state_dict).
    var attributeNames: [String] = []

    /// The entries in insertion order.
    var entries: [(key: PickleDictKey, value: PickleValue)] { keys.map { ($0, values[$0]!) } }

    /// The value stored under `key`, if any.
    subscript(key: PickleDictKey) -> PickleValue? { values[key] }

    /// Stores `value` under `key`, keeping the first insertion position of an existing key.
    func set(_ value: PickleValue, for key: PickleDictKey) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    func removeAll() {
        keys.removeAll()
        values.removeAll()
        attributeNames.removeAll()
    }
}

/// Owns every mutable container of one unpickling run and empties them all when released.
final class PickleArena {
    private var containers: [PickleContainer] = []

    /// Registers a container and returns it.
    func adopt<Container: PickleContainer>(_ container: Container) -> Container {
        containers.append(container)
        return container
    }

    deinit {
        for container in containers { container.removeAll() }
    }
}
