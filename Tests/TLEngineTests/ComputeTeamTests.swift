import CScheduling
import Foundation
import TLGraph
import XCTest

@testable import TLEngine

/// tlrun's own compute threads: every slice of a job runs exactly once, on a thread of the team, whoever asks and
/// however many ask at once.
final class ComputeTeamTests: XCTestCase {
    /// Records which thread ran each slice (and how often each ran).
    private final class Tally: SharedWork, @unchecked Sendable {
        private let lock = NSLock()
        private(set) var runs: [Int]
        private(set) var threads = Set<Int>()
        private(set) var sliceCounts = Set<Int>()

        init(slices: Int) { runs = Array(repeating: 0, count: slices) }

        func run(slice: Int, of slices: Int, thread: Int) {
            usleep(UInt32(slice % 3) * 200)
            lock.lock()
            runs[slice] += 1
            threads.insert(thread)
            sliceCounts.insert(slices)
            lock.unlock()
        }
    }

    func testEverySliceRunsOnceOnAThreadOfTheTeam() {
        for (slices, threads) in [(1, 1), (7, 1), (37, 3), (2, 4)] {
            let tally = Tally(slices: slices)
            ComputeTeam.shared.run(tally, slices: slices, threads: threads)
            XCTAssertEqual(tally.runs, Array(repeating: 1, count: slices), "\(slices) slices on \(threads) threads")
            XCTAssertTrue(tally.threads.allSatisfy { (0..<threads).contains($0) }, "thread numbers \(tally.threads)")
            XCTAssertEqual(tally.sliceCounts, [slices])
        }
    }

    func testCallersOnDifferentThreadsTakeTurns() {
        let tallies = (0..<4).map { _ in Tally(slices: 23) }
        DispatchQueue.concurrentPerform(iterations: tallies.count) { caller in
            for _ in 0..<5 { ComputeTeam.shared.run(tallies[caller], slices: 23, threads: 2) }
        }
        for tally in tallies { XCTAssertEqual(tally.runs, Array(repeating: 5, count: 23)) }
    }

    func testSharedWorkAskedForOneThreadRunsEverySliceOnTheCaller() {
        let tally = Tally(slices: 6)
        ComputeThreads.share(tally, slices: 6, threads: 1)
        XCTAssertEqual(tally.runs, Array(repeating: 1, count: 6))
        XCTAssertEqual(tally.threads, [0], "one thread asked for: the caller runs every slice")
    }

    /// Three SGD steps of the demonstration network at batch 16 (its convolutions cut by image, the slices taken by
    /// whichever thread is free), twice from the same start: the parameters agree bit for bit.
    func testTrainingStepsRepeatBitForBitWhateverThreadTakesWhichSlice() throws {
        let threads = ComputeThreads.current
        ComputeThreads.set(2)
        defer { ComputeThreads.set(threads) }
        let golden = try Golden("seed_cnn.golden.safetensors"), weights = try Golden("seed_cnn.weights.safetensors")
        func train() throws -> [[Float]] {
            let store = try ParameterStore(layers: [], seed: 0)
            let network = try CompiledNetwork(
                layers: ModelZoo.model(named: "seed-cnn")!.build(10), input: .image(1, 28, 28),
                batchSize: 16, store: store, frozen: [])
            try load(weights, into: store)
            feed(
                network, input: golden.values("input") + golden.values("input").reversed(),
                labels: golden.values("labels") + golden.values("labels"))
            let optimizer = SGD(parameters: network.trainableParameters, momentum: 0.9)
            for _ in 0..<3 {
                network.forward(training: true)
                network.lossAndBackward()
                try optimizer.step(learningRate: 0.05)
            }
            return network.trainableParameters.map(\.value.array)
        }
        let first = try train()
        XCTAssertEqual(try train(), first)
    }

    func testHelpersStayOffTheCoreTheCallerRanOn() throws {
        let allowed = (0..<Int32(ProcessInfo.processInfo.activeProcessorCount)).filter { tl_thread_may_run(0, $0) == 1 }
        try XCTSkipIf(allowed.count < 2, "this process may run on one CPU only")
        let team = ComputeTeam()
        team.run(Tally(slices: 8), slices: 8, threads: 2)
        var placement = team.placement
        for _ in 0..<1000 where placement.helpers.isEmpty {
            usleep(1000)
            placement = team.placement
        }
        XCTAssertEqual(placement.helpers.count, 1)
        XCTAssertTrue(allowed.contains(placement.callerCPU), "the caller ran on CPU \(placement.callerCPU)")
        for helper in placement.helpers {
            XCTAssertEqual(
                tl_thread_may_run(helper, placement.callerCPU), 0, "helper \(helper) may run on the caller's CPU")
            XCTAssertTrue(allowed.contains { tl_thread_may_run(helper, $0) == 1 }, "helper \(helper) may run nowhere")
        }
    }
}
