/// Opcodes that build tuples, lists and dicts, and the memo.
extension RestrictedUnpickler {
    func executeContainer(_ opcode: PickleOpcode) throws {
        try countItems(opcode.takesItemsToMark ? stack.count - (marks.last ?? stack.count) : opcode.itemsTaken)
        switch opcode {
        case .emptyTuple: try push(tuple([]))
        case .tuple: try push(tuple(try popToMark()))
        case .tuple1, .tuple2, .tuple3:
            let count = Int(opcode.rawValue - PickleOpcode.tuple1.rawValue) + 1
            var items: [PickleValue] = []
            for _ in 0..<count { items.insert(try pop(), at: 0) }
            try push(tuple(items))
        case .emptyList: try push(.list(arena.adopt(PickleList())))
        case .list:
            let list = arena.adopt(PickleList())
            list.items = try popToMark()
            try push(.list(list))
        case .append:
            let item = try pop()
            try topList().items.append(item)
        case .appends:
            let items = try popToMark()
            try topList().items += items
        case .emptyDict: try push(.dict(arena.adopt(PickleDict())))
        case .dict:
            let dict = arena.adopt(PickleDict())
            try setPairs(try popToMark(), in: dict)
            try push(.dict(dict))
        case .setItem:
            let value = try pop()
            let key = try pop()
            try setPairs([key, value], in: try topDict())
        case .setItems:
            let items = try popToMark()
            try setPairs(items, in: try topDict())
        default:
            throw PickleError("unexpected container opcode")
        }
    }

    /// Counts `items` more container items, refusing more than `maximumContainerItems` in all.
    private func countItems(_ items: Int) throws {
        containerItems += max(0, items)
        guard containerItems <= Self.maximumContainerItems else {
            throw PickleError(
                "tuples, lists and dicts hold more than \(Self.maximumContainerItems) items together, "
                    + "more than any state dict has")
        }
    }

    func executeMemo(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .binPut: try remember(Int(try reader.unsignedLittleEndian(width: 1)))
        case .longBinPut: try remember(Int(try reader.unsignedLittleEndian(width: 4)))
        case .memoize: try remember(memo.count)
        case .binGet, .longBinGet:
            let index = Int(try reader.unsignedLittleEndian(width: opcode == .binGet ? 1 : 4))
            guard let value = memo[index] else { throw PickleError("memo entry \(index) was never stored") }
            try push(value)
        default:
            throw PickleError("unexpected memo opcode")
        }
    }

    private func remember(_ index: Int) throws {
        guard memo.count < Self.maximumMemoEntries || memo[index] != nil else {
            throw PickleError("memo exceeds \(Self.maximumMemoEntries) entries")
        }
        memo[index] = try top()
    }

    private func tuple(_ items: [PickleValue]) -> PickleValue {
        .tuple(items, nesting: 1 + (items.map(\.tupleNesting).max() ?? 0))
    }

    private func topList() throws -> PickleList {
        guard case .list(let list) = try top() else { throw PickleError("APPEND target is not a list") }
        return list
    }

    private func topDict() throws -> PickleDict {
        guard case .dict(let dict) = try top() else { throw PickleError("SETITEM target is not a dict") }
        return dict
    }

    private func setPairs(_ items: [PickleValue], in dict: PickleDict) throws {
        guard items.count % 2 == 0 else { throw PickleError("dict items come in an odd number") }
        for index in stride(from: 0, to: items.count, by: 2) {
            dict.set(items[index + 1], for: try dictKey(items[index]))
        }
    }

    private func dictKey(_ value: PickleValue) throws -> PickleDictKey {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        default: throw PickleError("dict key of type \(value.kindName) is not supported")
        }
    }
}
