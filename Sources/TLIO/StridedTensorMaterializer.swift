import Foundation

/// Produces a tensor's values in row-major order from its validated layout and its storage bytes.
enum StridedTensorMaterializer {
    /// The values `layout` selects from `storage`, whose length the archive has already checked.
    static func values(of layout: TorchTensorLayout, storage: Data, byteOrder: ByteOrder) -> StoredTensor.Values {
        let elementType = layout.reference.storage.elementType
        let lowerByte = layout.storageSpan.lowerBound * elementType.byteSize
        let byteRange = lowerByte..<(layout.storageSpan.upperBound * elementType.byteSize)
        let decoded = storage.withUnsafeBytes { bytes in
            TensorElementDecoder.decode(
                UnsafeRawBufferPointer(rebasing: bytes[byteRange]),
                as: elementType, byteOrder: byteOrder)
        }
        if layout.isContiguous { return decoded }
        switch decoded {
        case .float32(let span): return .float32(gather(span, layout))
        case .int64(let span): return .int64(gather(span, layout))
        }
    }

    /// Walks the view's indices in row-major order, reading `span` (which starts at the storage offset); the position
    /// only ever moves between elements the view reaches, so no step can overflow once the layout is validated.
    private static func gather<Element>(_ span: [Element], _ layout: TorchTensorLayout) -> [Element] {
        let shape = layout.reference.shape
        let strides = layout.reference.strides
        var index = [Int](repeating: 0, count: shape.count)
        var position = 0
        return [Element](unsafeUninitializedCapacity: layout.elementCount) { buffer, initialized in
            for output in 0..<layout.elementCount {
                (buffer.baseAddress! + output).initialize(to: span[position])
                var axis = shape.count - 1
                while axis >= 0 {
                    if index[axis] + 1 < shape[axis] {
                        index[axis] += 1
                        position += strides[axis]
                        break
                    }
                    position -= strides[axis] * (shape[axis] - 1)
                    index[axis] = 0
                    axis -= 1
                }
            }
            initialized = layout.elementCount
        }
    }
}
