import Foundation
import MallocInterposerSwift
import TLEngine

/// Counts heap allocations in a workload's steady state (after warm-up) with the malloc interposer, which
/// only sees allocations when preloaded: the parent re-runs this program with LD_PRELOAD set.
///
/// oneDNN's `dnnl_primitive_execute` builds a small argument map on the heap at every call, which no caller can
/// avoid; counting pauses inside those calls, so the figure is what tlrun's own step code allocates.
enum AllocationCount {
    /// The interposer library next to this executable.
    static var interposerPath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "libMallocInterposerSwift.so"
        ).path
    }

    /// Runs `body` `warmup` times, then counts allocations outside oneDNN's execute calls over `steps` more runs.
    static func measure(_ body: () throws -> Void, warmup: Int, steps: Int) throws -> (
        mallocs: Int, libraryCalls: Int
    ) {
        for _ in 0..<warmup { try body() }
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.reset()
        LibraryCalls.count = 0
        LibraryCalls.wrapper = { call in
            MallocInterposerSwift.unhook()
            call()
            MallocInterposerSwift.hook()
        }
        MallocInterposerSwift.hook()
        for _ in 0..<steps { try body() }
        MallocInterposerSwift.unhook()
        LibraryCalls.wrapper = nil
        return (MallocInterposerSwift.getStatistics().mallocCount, LibraryCalls.count)
    }
}
