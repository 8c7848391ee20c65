import Foundation

/// A bounded pickle machine that never executes anything: allow-listed globals are interpreted by tlrun's own code.
final class RestrictedUnpickler {
    static let maximumStackDepth = 1 << 20
    static let maximumMemoEntries = 1 << 20
    static let maximumTupleNesting = 200
    /// The most items all tuples, lists and dicts of one pickle may hold together (a state dict holds one per tensor).
    static let maximumContainerItems = 1 << 20

    var reader: PickleByteReader
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [Int: PickleValue] = [:]
    /// Items put into tuples, lists and dicts so far.
    var containerItems = 0
    let arena: PickleArena
    let interpreter: TorchGlobalInterpreter
    private var opcodePosition = 0

    private init(_ data: Data, arena: PickleArena) {
        reader = PickleByteReader(data)
        self.arena = arena
        interpreter = TorchGlobalInterpreter(arena: arena)
    }

    /// Unpickles `data` and hands the root to `body` while its containers live; throws `WeightsFileError`.
    static func load<Result>(_ data: Data, file: String, _ body: (PickleValue) throws -> Result) throws -> Result {
        let arena = PickleArena()
        return try withExtendedLifetime(arena) {
            let unpickler = RestrictedUnpickler(data, arena: arena)
            let root: PickleValue
            do {
                root = try unpickler.run()
            } catch let error as PickleError {
                throw WeightsFileError.pickle(file: file, offset: unpickler.opcodePosition, problem: error.message)
            }
            return try body(root)
        }
    }

    private func run() throws -> PickleValue {
        while true {
            opcodePosition = reader.position
            let byte = try reader.byte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                let printable = (0x21...0x7e).contains(byte) ? " ('\(Character(Unicode.Scalar(byte)))')" : ""
                throw PickleError("unsupported pickle opcode 0x\(String(byte, radix: 16))\(printable)")
            }
            if opcode == .stop { return try pop() }
            try execute(opcode)
        }
    }

    private func execute(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .proto, .frame, .mark, .pop, .popMark, .dup, .stop:
            try executeControl(opcode)
        case .none, .newTrue, .newFalse, .binInt, .binInt1, .binInt2, .long1, .long4, .binFloat:
            try executeScalar(opcode)
        case .binUnicode, .shortBinUnicode, .binUnicode8, .binString, .shortBinString,
            .binBytes, .shortBinBytes, .binBytes8, .byteArray8:
            try executeText(opcode)
        case .emptyTuple, .tuple, .tuple1, .tuple2, .tuple3, .emptyList, .list, .append, .appends,
            .emptyDict, .dict, .setItem, .setItems:
            try executeContainer(opcode)
        case .binPut, .longBinPut, .memoize, .binGet, .longBinGet:
            try executeMemo(opcode)
        case .global, .stackGlobal, .reduce, .newObject, .newObjectEx, .build, .binPersistentID:
            try executeObject(opcode)
        }
    }

    private func executeControl(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .proto:
            let version = try reader.byte()
            guard (2...5).contains(version) else { throw PickleError("pickle protocol \(version) is not supported") }
        case .frame:
            let length = try reader.unsignedLittleEndian(width: 8)
            guard length <= UInt64(reader.remaining) else { throw PickleError("frame runs past the end of the pickle") }
        case .mark:
            guard marks.count < Self.maximumStackDepth else { throw PickleError("too many nested marks") }
            marks.append(stack.count)
        case .pop:
            _ = try pop()
        case .popMark:
            _ = try popToMark()
        case .dup:
            try push(try top())
        default:
            throw PickleError("unexpected control opcode")
        }
    }

    /// Pushes `value`, enforcing the stack and nesting limits.
    func push(_ value: PickleValue) throws {
        guard stack.count < Self.maximumStackDepth else {
            throw PickleError("pickle stack exceeds \(Self.maximumStackDepth) items")
        }
        guard value.tupleNesting <= Self.maximumTupleNesting else {
            throw PickleError("tuples nest deeper than \(Self.maximumTupleNesting) levels")
        }
        stack.append(value)
    }

    /// Removes and returns the top value (never crossing a mark).
    func pop() throws -> PickleValue {
        guard let last = stack.last, stack.count > (marks.last ?? 0) else {
            throw PickleError("pickle stack underflow")
        }
        stack.removeLast()
        return last
    }

    /// The top value, left in place.
    func top() throws -> PickleValue {
        guard let last = stack.last, stack.count > (marks.last ?? 0) else {
            throw PickleError("pickle stack underflow")
        }
        return last
    }

    /// Removes and returns everything above the most recent mark, and the mark.
    func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw PickleError("no mark on the pickle stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }
}
