import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The body `fuzz` runs on every input libFuzzer makes.
nonisolated(unsafe) private var target: (([UInt8]) -> Void)?

/// Runs libFuzzer (linked by `-sanitize=fuzzer`) on `body` with this process's arguments (libFuzzer's options and
/// corpus folders), then exits with its status. `body` must not crash or hang on any input.
public func fuzz(_ body: @escaping ([UInt8]) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(
        runDriver(&argc, &argv) { data, count in
            target?(Array(UnsafeBufferPointer(start: data, count: count)))
            return 0
        })
}

/// A file in this process's own temporary folder holding `bytes` (for readers that take a path).
public func scratchFile(_ name: String, _ bytes: [UInt8]) -> String {
    let folder = NSTemporaryDirectory() + "tlrun-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}
