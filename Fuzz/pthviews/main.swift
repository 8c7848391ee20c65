import FuzzDriver
import TLFiles
import TLIO

// Tensor views of torch.save checkpoints: the input's bytes choose each tensor's storage (type and element count),
// offset, size and stride, written as a well-formed archive, so that the fuzzer explores the layout checks, the memory
// budget and the materialiser rather than the zip reader.
fuzz { bytes in
    var input = FuzzBytes(bytes)
    var storages: [String: [UInt8]] = [:]
    var pickle = TorchPickle()
    pickle.beginDict()
    for tensor in 0..<(1 + input.next(3)) {
        let key = String(input.next(2))
        let (storageType, elementSize) = [
            ("FloatStorage", 4), ("HalfStorage", 2), ("LongStorage", 8), ("IntStorage", 4),
            ("DoubleStorage", 8),
        ][input.next(4)]
        let elements = input.number()
        let rank = input.next(4)
        let sizes = (0..<rank).map { _ in input.number() }
        let strides = (0..<rank).map { _ in input.number() }
        let offset = input.number()
        if storages[key] == nil, elements >= 0, elements <= 4096 {
            storages[key] = [UInt8](repeating: UInt8(truncatingIfNeeded: tensor), count: elements * elementSize)
        }
        pickle.tensor(
            name: "t\(tensor)", key: key, storageType: storageType, elements: elements, offset: offset, size: sizes,
            stride: strides)
    }
    pickle.endDict()
    let path = scratchFile(
        "views.pth",
        StoredZip.archive(
            ["archive/data.pkl": pickle.bytes]
                .merging(storages.map { ("archive/data/\($0.key)", $0.value) }) { first, _ in first }))
    _ = try? PyTorchCheckpointReader.read(path: path, budget: MemoryBudget(bytes: 64 << 20))
}
