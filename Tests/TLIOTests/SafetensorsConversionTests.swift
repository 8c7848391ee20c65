import Foundation
import TLIO
import XCTest

final class SafetensorsConversionTests: XCTestCase {
    private func read(dtype: String, shape: [Int], data: [UInt8]) throws -> StoredTensor {
        let header = "{\"t\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[0,\(data.count)]}}"
        let file = try Safetensors.read(data: SafetensorsBytes.make(header: header, data: data), name: "t.safetensors")
        return try XCTUnwrap(file.tensors.first)
    }

    func testFloat16ConvertsNormalsSubnormalsInfinityAndNaN() throws {
        let bits: [UInt16] = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x3555, 0x7e00]
        let values = try read(dtype: "F16", shape: [8], data: SafetensorsBytes.littleEndian(bits)).floats
        XCTAssertEqual(Array(values.prefix(7)), [1, -2, 65504, 0x1p-24, -0.0, .infinity, 0.333251953125])
        XCTAssertEqual(values[4].sign, .minus)
        XCTAssertTrue(values[7].isNaN)
    }

    func testBFloat16ConvertsToTheUpperHalfOfAFloat() throws {
        let bits: [UInt16] = [0x3f80, 0xc040, 0x4049, 0xff80]
        let values = try read(dtype: "BF16", shape: [2, 2], data: SafetensorsBytes.littleEndian(bits)).floats
        XCTAssertEqual(values, [1, -3, 3.140625, -.infinity])
    }

    func testFloat64RoundsToFloat32() throws {
        let doubles: [Double] = [0.1, -1e300, 2.5]
        let tensor = try read(dtype: "F64", shape: [3], data: SafetensorsBytes.littleEndian(doubles.map(\.bitPattern)))
        XCTAssertEqual(tensor.floats, [Float(0.1), -.infinity, 2.5])
    }

    func testInt64StaysInteger() throws {
        let integers: [Int64] = [-1, 0, Int64.max]
        let tensor = try read(dtype: "I64", shape: [3], data: SafetensorsBytes.littleEndian(integers))
        XCTAssertEqual(tensor.integers, integers)
    }

    func testUnsupportedDTypesNameTheTensorAndDType() {
        for (dtype, size) in [("I32", 4), ("U8", 1), ("BOOL", 1), ("F8_E4M3", 1)] {
            assertWeightsFileError(
                try read(dtype: dtype, shape: [2], data: [UInt8](repeating: 0, count: 2 * size)),
                mentions: ["'t'", dtype, "unsupported"])
        }
        assertWeightsFileError(try read(dtype: "Q4", shape: [1], data: [0]), mentions: ["'t'", "unknown dtype Q4"])
    }
}
