import Foundation

/// A 64-byte aligned, zero-initialised Float32 array owned by the plan that allocated it, or a view into a
/// larger block of memory (an evaluation plan's activation arena) that it keeps alive.
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>
    /// The block a view points into (nil when the buffer owns its memory).
    private let owner: AnyObject?

    /// Allocates `count` zeros; throws `EngineError.outOfMemory` when the system refuses the memory.
    public init(count: Int) throws {
        self.count = count
        var raw: UnsafeMutableRawPointer?
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        guard !overflow, posix_memalign(&raw, 64, bytes) == 0, let raw else {
            throw EngineError.outOfMemory(bytes: overflow ? Int.max : bytes, purpose: "a tensor of \(count) floats")
        }
        memset(raw, 0, bytes)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        owner = nil
    }

    /// A view of `count` floats at `pointer` inside memory that `owner` holds (neither zeroed nor freed here).
    init(viewing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.count = count
        self.pointer = pointer
        self.owner = owner
    }

    deinit { if owner == nil { free(pointer) } }

    /// The elements as an array (a copy).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Copies `values` in; they must have `count` elements.
    public func copy(from values: [Float]) {
        precondition(values.count == count, "expected \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// Sets every element to zero.
    public func zero() { memset(pointer, 0, count * MemoryLayout<Float>.stride) }
}
