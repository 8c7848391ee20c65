import TLTransforms

extension FloatImage {
    /// An 8-bit image scaled to [0, 1] (as torchvision's ToTensor).
    public init(_ image: Image) {
        self.init(
            width: image.width, height: image.height, channels: image.channels,
            values: image.pixels.map { Float($0) / 255 })
    }
}
