import Foundation

/// Address space reserved once (resident only where written) in which an evaluation-only plan places its
/// activations, each at the lowest offset where it fits between the values still alive: the pages that become
/// resident are those up to the highest offset ever used, so the plan holds its largest set of simultaneously
/// live values rather than a buffer per value.
final class ActivationArena {
    /// One placed buffer (held weakly: the buffer keeps the arena alive, not the other way round).
    private struct Allocation {
        weak var buffer: FloatBuffer?
        let offset: Int
        let bytes: Int
    }

    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    /// The live allocations, sorted by offset.
    private var live: [Allocation] = []

    /// Reserves `bytes` of address space; throws `EngineError.outOfMemory` when the system refuses it.
    init(bytes: Int) throws {
        capacity = max(bytes, 1)
        let mapped = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw EngineError.outOfMemory(bytes: capacity, purpose: "the evaluation plan's activations")
        }
        base = mapped
    }

    deinit { munmap(base, capacity) }

    /// A buffer of `count` floats (64-byte aligned) at the lowest free offset, or nil when the reservation is full.
    func allocate(count: Int) -> FloatBuffer? {
        let bytes = (max(count, 1) * MemoryLayout<Float>.stride + 63) / 64 * 64
        var offset = 0, index = 0
        while index < live.count, live[index].offset < offset + bytes {
            offset = max(offset, live[index].offset + live[index].bytes)
            index += 1
        }
        guard offset + bytes <= capacity else { return nil }
        let buffer = FloatBuffer(
            viewing: (base + offset).assumingMemoryBound(to: Float.self), count: count, owner: self)
        live.insert(Allocation(buffer: buffer, offset: offset, bytes: bytes), at: index)
        return buffer
    }

    /// Makes the space of every live buffer for which `isDead` holds (and of buffers already gone) free for reuse.
    func release(where isDead: (FloatBuffer) -> Bool) {
        live.removeAll { allocation in allocation.buffer.map(isDead) ?? true }
    }
}
