import Foundation
import Glibc

/// The memory one input may make tlrun allocate (a weights file's tensors, a data set, a plan's activations): sizes an
/// input decides are checked against it before anything is allocated, so that an input asking for more is an error.
public struct MemoryBudget: Sendable, Equatable {
    /// The most bytes allowed.
    public var bytes: Int

    /// A budget of `bytes`.
    public init(bytes: Int) { self.bytes = bytes }

    /// Half of the memory this process can have: the machine's physical memory, or the address-space limit
    /// (`ulimit -v`) when that is lower.
    public static let standard = MemoryBudget(bytes: usableBytes / 2)

    /// The physical memory, or the address-space limit when it is lower.
    public static var usableBytes: Int {
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return physical
        }
        return min(physical, Int(clamping: limit.rlim_cur))
    }

    /// True when `bytes` fit.
    public func allows(_ bytes: Int) -> Bool { bytes <= self.bytes }

    /// `14.4 GB`, `512.0 MB` or `1234 bytes`, for messages.
    public static func amount(_ bytes: Int) -> String {
        switch bytes {
        case ..<1_000_000: return "\(bytes) bytes"
        case ..<1_000_000_000: return String(format: "%.1f MB", Double(bytes) / 1e6)
        default: return String(format: "%.1f GB", Double(bytes) / 1e9)
        }
    }
}
