import Foundation
import XCTest

@testable import TLEngine

/// Chains of steps cut into the same slices: which steps chain, which move before or after a chain, and that a chain
/// runs every slice through its steps in their order.
final class SliceChainTests: XCTestCase {
    /// What ran, in order (slices of one chain may run on several threads).
    private final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var entries: [String] = []

        func append(_ entry: String) {
            lock.lock()
            entries.append(entry)
            lock.unlock()
        }

        /// The position of `entry` (which must have run exactly once).
        func position(_ entry: String) -> Int {
            XCTAssertEqual(entries.filter { $0 == entry }.count, 1, "\(entry) in \(entries)")
            return entries.firstIndex(of: entry) ?? -1
        }
    }

    /// Work of 8 slices that touches the given memory and logs each slice it runs.
    private final class LoggedWork: SlicedWork {
        let sliceCount = 8
        let threadLimit = Int.max
        let memoryUses: [MemoryUse]
        let scratchBytes = 0
        private let name: String
        private let log: Log

        init(_ name: String, _ uses: [MemoryUse], log: Log) {
            self.name = name
            memoryUses = uses
            self.log = log
        }

        func runSlice(_ slice: Int, thread: Int) { log.append("\(name) \(slice)") }
        func finishSlices() { log.append("\(name) sums") }
        func attach(_ space: FloatBuffer, offset: Int) throws {}
        func recordCut(in memory: PlanMemory) {}

        /// The work as a plan step (`alone` logs the whole work).
        var step: PlanStep { .sliced(self, alone: { [self] in log.append("\(name) alone") }) }
    }

    private let log = Log()
    private var buffers: [FloatBuffer] = []
    private var memory: PlanMemory!

    override func setUpWithError() throws {
        buffers = try (0..<4).map { _ in try FloatBuffer(count: 64) }
        memory = try PlanMemory(largestValue: 0, largestBlockValue: 0, reusesActivations: false, arenaBytes: 0)
    }

    /// Slice *i* of buffer `index`: 32 bytes (8 floats) from `i`·32 (or `bytes` per slice).
    private func slices(_ index: Int, bytes: Int = 32, writes: Bool) -> MemoryUse {
        MemoryUse(buffers[index].pointer, length: bytes, perSlice: true, writes: writes)
    }

    /// All of buffer `index`.
    private func whole(_ index: Int, writes: Bool) -> MemoryUse {
        MemoryUse(buffers[index].pointer, length: 256, writes: writes)
    }

    /// A whole step that logs `name`.
    private func wholeStep(_ name: String, _ uses: [MemoryUse]?) -> PlanStep {
        .whole(run: { [log] _ in log.append(name) }, uses: uses)
    }

    func testStepsOnTheSameSlicesRunAsOneChainSliceBySlice() {
        let first = LoggedWork("first", [slices(0, writes: false), slices(1, writes: true)], log: log)
        let second = LoggedWork("second", [slices(1, writes: false), slices(2, writes: true)], log: log)
        let schedule = StepSchedule([first.step, second.step], memory: memory)
        XCTAssertEqual(schedule.chainedSteps.chains, 1)
        XCTAssertEqual(schedule.chainedSteps.steps, 2)
        schedule.run(training: true)
        for slice in 0..<8 {
            XCTAssertLessThan(log.position("first \(slice)"), log.position("second \(slice)"))
            XCTAssertLessThan(log.position("second \(slice)"), log.position("first sums"))
        }
        XCTAssertLessThan(log.position("first sums"), log.position("second sums"))
        XCTAssertEqual(log.entries.count, 18)
    }

    func testAStepReadingOtherSlicesOfWhatAnotherWritesIsNotChained() {
        let first = LoggedWork("first", [slices(0, writes: true)], log: log)
        let halves = LoggedWork("halves", [slices(0, bytes: 16, writes: false), slices(1, writes: true)], log: log)
        let schedule = StepSchedule([first.step, halves.step], memory: memory)
        XCTAssertEqual(schedule.chainedSteps.chains, 0)
        schedule.run(training: true)
        XCTAssertEqual(log.entries, ["first alone", "halves alone"])
    }

    func testWholeStepsMoveBeforeOrAfterAChainOnlyWhereThatChangesNothing() {
        let first = LoggedWork("first", [slices(0, writes: false), slices(1, writes: true)], log: log)
        let second = LoggedWork("second", [slices(1, writes: false), slices(2, writes: true)], log: log)
        let steps = [
            first.step,
            wholeStep("unrelated", [whole(3, writes: true)]),
            wholeStep("reads the first's result", [whole(1, writes: false), whole(3, writes: false)]),
            PlanStep.finished(7),
            second.step,
            wholeStep("unknown", nil),
        ]
        let schedule = StepSchedule(steps, memory: memory)
        XCTAssertEqual(schedule.chainedSteps.chains, 1)
        XCTAssertEqual(schedule.chainedSteps.steps, 2)
        schedule.run(training: true) { [log] index in log.append("finished \(index)") }
        XCTAssertEqual(log.position("unrelated"), 0)
        XCTAssertLessThan(log.position("second sums"), log.position("reads the first's result"))
        XCTAssertLessThan(log.position("reads the first's result"), log.position("finished 7"))
        XCTAssertLessThan(log.position("finished 7"), log.position("unknown"))
        XCTAssertEqual(log.entries.last, "unknown")
    }

    func testAStepThatNeedsAStepMovedAfterTheChainEndsIt() {
        let first = LoggedWork("first", [slices(0, writes: true)], log: log)
        let second = LoggedWork("second", [slices(0, writes: false), slices(1, writes: true)], log: log)
        let third = LoggedWork("third", [slices(2, writes: false), slices(3, writes: true)], log: log)
        let steps = [
            first.step, second.step,
            wholeStep("copies the first's result", [whole(0, writes: false), whole(2, writes: true)]),
            third.step,
        ]
        let schedule = StepSchedule(steps, memory: memory)
        XCTAssertEqual(schedule.chainedSteps.chains, 1)
        XCTAssertEqual(schedule.chainedSteps.steps, 2)
        schedule.run(training: true)
        XCTAssertLessThan(log.position("second sums"), log.position("copies the first's result"))
        XCTAssertLessThan(log.position("copies the first's result"), log.position("third alone"))
    }

    func testWorkOnASumTheChainCompletesMovesAfterIt() {
        let sum = MemoryUse(buffers[3].pointer, length: 256, writes: true)
        let gradient = LoggedWork("gradient", [slices(0, writes: false), slices(1, writes: true), sum], log: log)
        let next = LoggedWork("next", [slices(1, writes: false), slices(0, writes: true)], log: log)
        let copySum = LoggedWork("copy of the sum", [slices(3, writes: false), slices(2, writes: true)], log: log)
        let schedule = StepSchedule([gradient.step, copySum.step, next.step], memory: memory)
        XCTAssertEqual(schedule.chainedSteps.steps, 2)
        schedule.run(training: true)
        XCTAssertLessThan(log.position("next sums"), log.position("copy of the sum alone"))
        XCTAssertLessThan(log.position("gradient sums"), log.position("copy of the sum alone"))
    }
}
