import CJPEG

#if canImport(Glibc)
    import Glibc
#endif

/// Decodes JPEG files through libjpeg-turbo: grayscale, YCbCr/RGB, and CMYK/YCCK (converted to RGB).
///
/// libjpeg's fatal-error handler must not return and Swift cannot `longjmp`, so each decode runs on its own
/// thread whose error handler records the message and ends that thread; the caller then releases the decoder.
/// Warnings (such as a truncated or corrupt entropy-coded segment) also make the file bad.
public enum JPEGDecoder {
    /// Decodes `bytes` when the image fits `budget`; `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String, budget: PixelBudget = .standard) throws -> Image {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
            throw DataError.undecodableImage(path: file, format: "JPEG", detail: "no start-of-image marker")
        }
        let job = UnsafeMutablePointer<JPEGDecodeJob>.allocate(capacity: 1)
        job.initialize(to: JPEGDecodeJob(budget: budget, file: file))
        defer {
            job.pointee.pixels?.deallocate()
            job.pointee.message.deallocate()
            jpeg_destroy_decompress(&job.pointee.decompressor)
            job.deallocate()
        }
        let outcome = bytes.withUnsafeBufferPointer { input -> Bool in
            job.pointee.input = input.baseAddress
            job.pointee.inputCount = input.count
            return AbandonableThread.run(jpegDecodeBody, context: UnsafeMutableRawPointer(job))
        }
        let result = job.pointee
        guard outcome else {
            throw DataError.noDecodingThread(path: file)
        }
        if let refused = result.refused { throw refused }
        if let problem = result.problem {
            throw DataError.undecodableImage(path: file, format: "JPEG", detail: problem)
        }
        if result.errorMessage || result.warnings > 0 {
            let text = String(cString: result.message)
            throw DataError.undecodableImage(path: file, format: "JPEG", detail: text.isEmpty ? "libjpeg failed" : text)
        }
        guard let pixels = result.pixels else {
            throw DataError.undecodableImage(path: file, format: "JPEG", detail: "no image data")
        }
        let count = result.width * result.height * result.components
        let samples = Array(UnsafeBufferPointer(start: pixels, count: count))
        if result.components == 4 {
            return cmykToRGB(samples, width: result.width, height: result.height, inverted: result.adobe)
        }
        return Image(width: result.width, height: result.height, channels: result.components, pixels: samples)
    }

    /// CMYK samples as RGB; Adobe files store CMYK inverted (as Photoshop writes them).
    static func cmykToRGB(_ cmyk: [UInt8], width: Int, height: Int, inverted: Bool) -> Image {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            let k = Int(inverted ? cmyk[i * 4 + 3] : 255 - cmyk[i * 4 + 3])
            for c in 0..<3 {
                let ink = Int(inverted ? cmyk[i * 4 + c] : 255 - cmyk[i * 4 + c])
                rgb[i * 3 + c] = UInt8((ink * k + 127) / 255)
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: rgb)
    }
}

/// What one decoding thread reads and writes; owned by the caller, which outlives the thread.
struct JPEGDecodeJob {
    var decompressor = jpeg_decompress_struct()
    var errorManager = jpeg_error_mgr()
    var input: UnsafePointer<UInt8>?
    var inputCount = 0
    var pixels: UnsafeMutablePointer<UInt8>?
    var width = 0
    var height = 0
    var components = 0
    var adobe = false
    var warnings = 0
    var errorMessage = false
    var problem: String?
    /// The pixel budget the header is checked against, the file for messages, and the refusal when it does not fit.
    let budget: PixelBudget
    let file: String
    var refused: DataError?
    var message: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(JMSG_LENGTH_MAX))
        buffer.initialize(repeating: 0, count: Int(JMSG_LENGTH_MAX))
        return buffer
    }()
}

/// libjpeg's fatal-error handler: records the message and ends the decoding thread (it must not return).
private func jpegErrorExit(_ common: j_common_ptr?) {
    guard let common, let job = common.pointee.client_data?.assumingMemoryBound(to: JPEGDecodeJob.self) else {
        pthread_exit(nil)
    }
    common.pointee.err.pointee.format_message(common, job.pointee.message)
    job.pointee.errorMessage = true
    pthread_exit(nil)
}

/// libjpeg's warning handler: records the first warning's message instead of printing it.
private func jpegEmitMessage(_ common: j_common_ptr?, _ level: Int32) {
    guard level < 0, let common, let job = common.pointee.client_data?.assumingMemoryBound(to: JPEGDecodeJob.self)
    else { return }
    if job.pointee.warnings == 0 { common.pointee.err.pointee.format_message(common, job.pointee.message) }
    job.pointee.warnings += 1
}

/// The body of a decoding thread: header, size check, colour space, scanlines.
private func jpegDecodeBody(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = context!.assumingMemoryBound(to: JPEGDecodeJob.self)
    let decompressor = withUnsafeMutablePointer(to: &job.pointee.decompressor) { $0 }
    let errors = jpeg_std_error(&job.pointee.errorManager)!
    errors.pointee.error_exit = { jpegErrorExit($0) }
    errors.pointee.emit_message = { jpegEmitMessage($0, $1) }
    decompressor.pointee.err = errors
    jpeg_CreateDecompress(decompressor, JPEG_LIB_VERSION, MemoryLayout<jpeg_decompress_struct>.size)
    decompressor.pointee.client_data = UnsafeMutableRawPointer(job)
    jpeg_mem_src(decompressor, job.pointee.input, UInt(job.pointee.inputCount))
    _ = jpeg_read_header(decompressor, 1)
    let width = Int(decompressor.pointee.image_width), height = Int(decompressor.pointee.image_height)
    if let problem = job.pointee.budget.problem(width: width, height: height, file: job.pointee.file) {
        job.pointee.refused = problem
        return nil
    }
    switch decompressor.pointee.jpeg_color_space {
    case JCS_GRAYSCALE: decompressor.pointee.out_color_space = JCS_GRAYSCALE
    case JCS_CMYK, JCS_YCCK: decompressor.pointee.out_color_space = JCS_CMYK
    default: decompressor.pointee.out_color_space = JCS_RGB
    }
    job.pointee.adobe = decompressor.pointee.saw_Adobe_marker != 0
    _ = jpeg_start_decompress(decompressor)
    let components = Int(decompressor.pointee.output_components)
    let outWidth = Int(decompressor.pointee.output_width), outHeight = Int(decompressor.pointee.output_height)
    let rowBytes = outWidth * components
    let pixels = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes * outHeight)
    job.pointee.pixels = pixels
    while Int(decompressor.pointee.output_scanline) < outHeight {
        var row: JSAMPROW? = pixels + Int(decompressor.pointee.output_scanline) * rowBytes
        _ = jpeg_read_scanlines(decompressor, &row, 1)
    }
    _ = jpeg_finish_decompress(decompressor)
    job.pointee.width = outWidth
    job.pointee.height = outHeight
    job.pointee.components = components
    return nil
}
