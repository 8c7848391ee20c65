import Foundation

/// Where memory freed by the compute libraries goes. oneDNN allocates and frees large working buffers inside some
/// primitives (matrix-product packing) on every call; glibc's default raises its mmap threshold after the first such
/// free, after which these buffers come from the heap and stay resident between steps (about 30 MB for a resnet18
/// training step on 2 threads).
public enum FreedMemory {
    /// Fixes glibc's trim threshold at 4 MB (which also keeps the mmap threshold at its default instead of letting it
    /// grow), so that large freed buffers go back to the system; a user's own `MALLOC_TRIM_THRESHOLD_` is kept,
    /// and where the C library has no `mallopt` nothing changes.
    public static func returnToSystem() {
        typealias SetOption = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1  // glibc's M_TRIM_THRESHOLD
        guard getenv("MALLOC_TRIM_THRESHOLD_") == nil, let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else {
            return
        }
        _ = unsafeBitCast(symbol, to: SetOption.self)(trimThreshold, 4 << 20)
    }
}
