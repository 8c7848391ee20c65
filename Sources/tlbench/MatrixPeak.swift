import CDNNL
import Dispatch
import TLEngine

/// The machine's fp32 matrix-product rate with oneDNN's sgemm: the peak the convolution figures are compared with.
enum MatrixPeak {
    /// GFLOP/s of a 2048³ sgemm (best of a few runs) on the current thread count.
    static func measure(size: Int = 2048) throws -> Double {
        let a = try FloatBuffer(count: size * size), b = try FloatBuffer(count: size * size),
            c = try FloatBuffer(count: size * size)
        for i in 0..<(size * size) {
            a.pointer[i] = Float(i % 7) * 0.1
            b.pointer[i] = Float(i % 5) * 0.1
        }
        var best = Double.infinity
        for _ in 0..<4 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = dnnl_sgemm(
                CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int64(size), Int64(size), Int64(size), 1,
                a.pointer, Int64(size), b.pointer, Int64(size), 0, c.pointer, Int64(size))
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * pow3(Double(size)) / best / 1e9
    }

    private static func pow3(_ x: Double) -> Double { x * x * x }
}
