/// Opcodes that name globals, call them, set object state and load persistent storages.
extension RestrictedUnpickler {
    func executeObject(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .global:
            let module = try reader.line()
            let name = try reader.line()
            try push(.global(try resolve(module: module, name: name)))
        case .stackGlobal:
            let name = try pop()
            let module = try pop()
            guard case .string(let nameText) = name, case .string(let moduleText) = module else {
                throw PickleError("STACK_GLOBAL expects two strings")
            }
            try push(.global(try resolve(module: moduleText, name: nameText)))
        case .reduce, .newObject:
            let arguments = try pop()
            try push(try call(try pop(), arguments))
        case .newObjectEx:
            let keywordArguments = try pop()
            guard case .dict(let keywords) = keywordArguments, keywords.keys.isEmpty else {
                throw PickleError("NEWOBJ_EX with keyword arguments is not supported")
            }
            let arguments = try pop()
            try push(try call(try pop(), arguments))
        case .build:
            try build(state: try pop(), on: try top())
        case .binPersistentID:
            try push(.storage(try interpreter.persistentStorage(try pop())))
        default:
            throw PickleError("unexpected object opcode")
        }
    }

    private func resolve(module: String, name: String) throws -> TorchGlobal {
        guard let global = TorchGlobal.allowed(module: module, name: name) else {
            throw PickleError(
                "refused global '\(module).\(name)': a checkpoint may only name the globals a "
                    + "state_dict needs (collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                    + "torch._utils._rebuild_parameter, torch.*Storage, torch.Size, torch.device); nothing was executed"
            )
        }
        return global
    }

    private func call(_ callable: PickleValue, _ arguments: PickleValue) throws -> PickleValue {
        guard case .global(let global) = callable else {
            throw PickleError("cannot call a value of type \(callable.kindName)")
        }
        guard case .tuple(let items, _) = arguments else {
            throw PickleError("\(global.qualifiedName) called with \(arguments.kindName) instead of an argument tuple")
        }
        return try interpreter.call(global, arguments: items)
    }

    private func build(state: PickleValue, on object: PickleValue) throws {
        guard case .dict(let dict) = object else {
            throw PickleError("cannot set state on a value of type \(object.kindName)")
        }
        switch state {
        case .none:
            return
        case .dict(let attributes):
            dict.attributeNames += attributes.keys.map { key in
                if case .string(let name) = key { return name }
                return key.description
            }
        default:
            throw PickleError("state of type \(state.kindName) is not supported on a dict")
        }
    }
}
