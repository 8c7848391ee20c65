import TLFiles

/// A tensor view checked against its storage: every element it reaches lies inside the declared storage.
struct TorchTensorLayout {
    let reference: TorchTensorReference
    let elementCount: Int
    /// The storage elements the view spans, from its offset to its last reachable element.
    let storageSpan: Range<Int>

    /// Whether the view reads its span in row-major order with no gaps (a plain copy suffices).
    let isContiguous: Bool

    /// Validates `reference` for tensor `name`; throws `WeightsFileError` naming `file` before anything is allocated.
    init(_ reference: TorchTensorReference, name: String, file: String) throws {
        func failure(_ message: String) -> WeightsFileError {
            WeightsFileError.tensorLayout(file: file, tensor: name, problem: message)
        }
        let storage = reference.storage
        guard reference.shape.count == reference.strides.count else {
            throw failure("size \(reference.shape) and stride \(reference.strides) differ in length")
        }
        guard reference.strides.allSatisfy({ $0 >= 0 }), reference.storageOffset >= 0 else {
            throw failure("negative stride or storage offset")
        }
        guard let count = CheckedSize.product(reference.shape) else {
            throw failure("size \(reference.shape) is negative or too large")
        }
        var lastIndex = reference.storageOffset
        if count > 0 {
            for (size, stride) in zip(reference.shape, reference.strides) {
                guard let reach = CheckedSize.multiply(size - 1, stride), let next = CheckedSize.add(lastIndex, reach)
                else {
                    throw failure("size \(reference.shape) with stride \(reference.strides) overflows")
                }
                lastIndex = next
            }
        }
        guard let end = count > 0 ? CheckedSize.add(lastIndex, 1) : reference.storageOffset else {
            throw failure(
                "offset \(reference.storageOffset), size \(reference.shape) and stride \(reference.strides) overflow")
        }
        guard end <= storage.elementCount else {
            throw failure(
                "offset \(reference.storageOffset), size \(reference.shape) and stride \(reference.strides) "
                    + "reach element \(end - 1) of storage data/\(storage.key), which holds \(storage.elementCount) elements"
            )
        }
        self.reference = reference
        elementCount = count
        storageSpan = reference.storageOffset..<end
        isContiguous = Self.isRowMajor(reference)
    }

    /// Whether the strides are the row-major ones for the sizes (multiplied with overflow checks: an empty view's
    /// other sizes may be anything).
    private static func isRowMajor(_ reference: TorchTensorReference) -> Bool {
        var expected = 1
        for (size, stride) in zip(reference.shape, reference.strides).reversed() where size != 1 {
            guard stride == expected, let next = CheckedSize.multiply(expected, size) else { return false }
            expected = next
        }
        return true
    }
}
