/// Gives allowed torch globals their meaning when a pickle calls them (REDUCE, NEWOBJ) or uses them as ids.
struct TorchGlobalInterpreter {
    let arena: PickleArena

    /// The value `global(*arguments)` stands for; throws `PickleError` for any other use.
    func call(_ global: TorchGlobal, arguments: [PickleValue]) throws -> PickleValue {
        switch global {
        case .orderedDict:
            guard arguments.isEmpty else { throw PickleError("collections.OrderedDict called with arguments") }
            return .dict(arena.adopt(PickleDict()))
        case .rebuildTensorV2:
            return .tensor(try rebuildTensor(arguments))
        case .rebuildParameter, .rebuildParameterWithState:
            guard let first = arguments.first, case .tensor = first else {
                throw PickleError("\(global.qualifiedName) expects a tensor as its first argument")
            }
            return first
        case .size:
            guard arguments.count == 1, case .tuple = arguments[0] else {
                throw PickleError("torch.Size expects one tuple")
            }
            return arguments[0]
        case .device:
            guard let first = arguments.first, case .string = first else {
                throw PickleError("torch.device expects a device name")
            }
            return first
        case .storageType:
            throw PickleError("\(global.qualifiedName) may only appear in a storage's persistent id")
        }
    }

    /// The storage a persistent id `('storage', storage_type, key, location, numel)` names.
    func persistentStorage(_ id: PickleValue) throws -> TorchStorageReference {
        guard case .tuple(let fields, _) = id, fields.count == 5, case .string("storage") = fields[0] else {
            throw PickleError("persistent id is not ('storage', type, key, location, numel)")
        }
        guard case .global(.storageType(let elementType, _)) = fields[1] else {
            throw PickleError("persistent id names storage type \(fields[1].kindName), not a supported torch storage")
        }
        guard case .string(let key) = fields[2] else { throw PickleError("persistent id key is not a string") }
        guard case .int(let count) = fields[4], count >= 0, count <= Int64(Int.max / elementType.byteSize) else {
            throw PickleError("storage '\(key)' declares an invalid element count")
        }
        return TorchStorageReference(key: key, elementType: elementType, elementCount: Int(count))
    }

    private func rebuildTensor(_ arguments: [PickleValue]) throws -> TorchTensorReference {
        guard arguments.count == 6 || arguments.count == 7 else {
            throw PickleError("_rebuild_tensor_v2 expects 6 or 7 arguments, got \(arguments.count)")
        }
        guard case .storage(let storage) = arguments[0] else {
            throw PickleError("_rebuild_tensor_v2 expects a storage, got \(arguments[0].kindName)")
        }
        guard case .int(let offset) = arguments[1] else {
            throw PickleError("_rebuild_tensor_v2 expects an integer storage offset")
        }
        let shape = try integers(arguments[2], what: "size")
        let strides = try integers(arguments[3], what: "stride")
        return TorchTensorReference(
            storage: storage, storageOffset: try fitting(offset), shape: shape, strides: strides)
    }

    private func integers(_ value: PickleValue, what: String) throws -> [Int] {
        guard case .tuple(let items, _) = value else { throw PickleError("tensor \(what) is not a tuple") }
        return try items.map { item in
            guard case .int(let number) = item else { throw PickleError("tensor \(what) holds a non-integer") }
            return try fitting(number)
        }
    }

    private func fitting(_ number: Int64) throws -> Int {
        guard let value = Int(exactly: number) else { throw PickleError("integer \(number) does not fit") }
        return value
    }
}
