import TLGraph
import XCTest

@testable import TLEngine

/// Memory the system refuses is a thrown `EngineError.outOfMemory`, never an abort.
final class OutOfMemoryTests: XCTestCase {
    private func assertOutOfMemory(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case EngineError.outOfMemory(let bytes, let purpose) = error else {
                return XCTFail("expected outOfMemory, got \(error)", file: file, line: line)
            }
            XCTAssertGreaterThan(bytes, 1 << 40, file: file, line: line)
            XCTAssertFalse(purpose.isEmpty, file: file, line: line)
            XCTAssertTrue("\(error)".contains("out of memory"), "\(error)", file: file, line: line)
        }
    }

    func testABufferLargerThanTheMachineThrows() {
        assertOutOfMemory { _ = try FloatBuffer(count: 1 << 42) }
    }

    func testABufferWhoseByteCountOverflowsThrows() {
        assertOutOfMemory { _ = try FloatBuffer(count: Int.max / 2) }
    }

    func testAnActivationReservationBeyondTheAddressSpaceThrows() {
        assertOutOfMemory { _ = try ActivationArena(bytes: Int.max / 2) }
    }

    func testWeightsLargerThanTheMachineThrowWhenTheStoreIsMade() {
        let layers = [Layer("huge", LinearOp(outFeatures: 1 << 22, inFeatures: 1 << 20, bias: false))]
        assertOutOfMemory { _ = try ParameterStore(layers: layers, seed: 0) }
    }

    func testATrainingPlanWhoseActivationsDoNotFitThrows() throws {
        let layers = [L.conv("conv", 8, k: 3, p: 1), L.flatten, L.linear("fc", 2)]
        assertOutOfMemory {
            _ = try CompiledNetwork(
                layers: layers, input: TensorShape([3, 64, 64]), batchSize: 1 << 28,
                store: ParameterStore(
                    layers: [], seed: 0))
        }
    }

    func testAnEvaluationPlanWhoseActivationsDoNotFitThrows() throws {
        let layers = [L.conv("conv", 8, k: 3, p: 1), L.flatten, L.linear("fc", 2)]
        assertOutOfMemory {
            _ = try CompiledNetwork(
                layers: layers, input: TensorShape([3, 64, 64]), batchSize: 1 << 40,
                store: ParameterStore(layers: [], seed: 0), frozen: ["conv", "fc"])
        }
    }
}
