import CJPEG

#if canImport(Glibc)
    import Glibc
#endif

/// Writes baseline JPEG files through libjpeg-turbo (for tests and tools): gray, RGB or CMYK samples.
public enum JPEGEncoder {
    /// The colour spaces that can be written.
    public enum ColorSpace: Sendable {
        case gray, rgb, cmyk

        /// Samples per pixel.
        public var components: Int {
            switch self {
            case .gray: return 1
            case .rgb: return 3
            case .cmyk: return 4
            }
        }
    }

    /// Encodes `samples` (HWC) at `quality` (1–100); nil if libjpeg refuses the parameters.
    public static func encode(width: Int, height: Int, colorSpace: ColorSpace, samples: [UInt8], quality: Int = 95)
        -> [UInt8]?
    {
        precondition(
            samples.count == width * height * colorSpace.components, "sample count does not match the image size")
        let job = UnsafeMutablePointer<JPEGEncodeJob>.allocate(capacity: 1)
        job.initialize(to: JPEGEncodeJob(width: width, height: height, colorSpace: colorSpace, quality: quality))
        defer {
            free(job.pointee.output)
            jpeg_destroy_compress(&job.pointee.compressor)
            job.deallocate()
        }
        let ran = samples.withUnsafeBufferPointer { input -> Bool in
            job.pointee.input = input.baseAddress
            return AbandonableThread.run(jpegEncodeBody, context: UnsafeMutableRawPointer(job))
        }
        guard ran, job.pointee.finished, let output = job.pointee.output else { return nil }
        return Array(UnsafeBufferPointer(start: output, count: Int(job.pointee.outputSize)))
    }

    /// Encodes an 8-bit gray or RGB image.
    public static func encode(_ image: Image, quality: Int = 95) -> [UInt8]? {
        encode(
            width: image.width, height: image.height, colorSpace: image.channels == 1 ? .gray : .rgb,
            samples: image.pixels, quality: quality)
    }
}

/// What one encoding thread reads and writes; owned by the caller.
struct JPEGEncodeJob {
    var compressor = jpeg_compress_struct()
    var errorManager = jpeg_error_mgr()
    var width: Int
    var height: Int
    var colorSpace: JPEGEncoder.ColorSpace
    var quality: Int
    var input: UnsafePointer<UInt8>?
    var output: UnsafeMutablePointer<UInt8>?
    var outputSize: UInt = 0
    var finished = false
}

/// The body of an encoding thread; a libjpeg error ends the thread before `finished` is set.
private func jpegEncodeBody(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = context!.assumingMemoryBound(to: JPEGEncodeJob.self)
    let compressor = withUnsafeMutablePointer(to: &job.pointee.compressor) { $0 }
    let errors = jpeg_std_error(&job.pointee.errorManager)!
    errors.pointee.error_exit = { _ in pthread_exit(nil) }
    errors.pointee.output_message = { _ in }
    compressor.pointee.err = errors
    jpeg_CreateCompress(compressor, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
    jpeg_mem_dest(compressor, &job.pointee.output, &job.pointee.outputSize)
    compressor.pointee.image_width = JDIMENSION(job.pointee.width)
    compressor.pointee.image_height = JDIMENSION(job.pointee.height)
    let components = job.pointee.colorSpace.components
    compressor.pointee.input_components = Int32(components)
    switch job.pointee.colorSpace {
    case .gray: compressor.pointee.in_color_space = JCS_GRAYSCALE
    case .rgb: compressor.pointee.in_color_space = JCS_RGB
    case .cmyk: compressor.pointee.in_color_space = JCS_CMYK
    }
    jpeg_set_defaults(compressor)
    jpeg_set_quality(compressor, Int32(job.pointee.quality), 1)
    jpeg_start_compress(compressor, 1)
    let rowBytes = job.pointee.width * components
    while Int(compressor.pointee.next_scanline) < job.pointee.height {
        var row: JSAMPROW? = UnsafeMutablePointer(
            mutating: job.pointee.input! + Int(compressor.pointee.next_scanline) * rowBytes)
        _ = jpeg_write_scanlines(compressor, &row, 1)
    }
    jpeg_finish_compress(compressor)
    job.pointee.finished = true
    return nil
}
