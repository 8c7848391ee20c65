/// The cell colours of a heat map: white through mid blue to dark blue as a share goes from 0 to 1.
enum HeatShade {
    private typealias RGB = (red: Double, green: Double, blue: Double)

    private static let stops: [RGB] = [(255, 255, 255), (107, 174, 214), (8, 48, 107)]

    /// The colour of `share` as "#rrggbb"; shares outside 0...1 are clamped.
    static func colour(_ share: Double) -> String {
        let rgb = mix(share)
        return "#"
            + [rgb.red, rgb.green, rgb.blue].map { channel in
                let hex = String(Int(channel.rounded()), radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }

    /// Whether the colour of `share` is dark enough to need white text on it.
    static func isDark(_ share: Double) -> Bool {
        let rgb = mix(share)
        return (0.2126 * rgb.red + 0.7152 * rgb.green + 0.0722 * rgb.blue) / 255 < 0.5
    }

    private static func mix(_ share: Double) -> RGB {
        let position = min(max(share, 0), 1) * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        let t = position - Double(lower)
        let (from, to) = (stops[lower], stops[lower + 1])
        return (
            from.red + (to.red - from.red) * t, from.green + (to.green - from.green) * t,
            from.blue + (to.blue - from.blue) * t
        )
    }
}
