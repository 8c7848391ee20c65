import Foundation

/// Geometric resampling: antialiased bilinear resize and rotation.
public enum Resampling {
    /// Resized to `height`×`width` with a triangle filter widened by the scale when shrinking (antialiasing),
    /// one axis at a time (as PIL and torchvision's antialiased bilinear resize).
    public static func resize(_ image: FloatImage, height: Int, width: Int) -> FloatImage {
        if image.height == height && image.width == width { return image }
        let horizontal = weights(from: image.width, to: width)
        var wide = FloatImage(width: width, height: image.height, channels: image.channels)
        for y in 0..<image.height {
            for (x, taps) in horizontal.enumerated() {
                for c in 0..<image.channels {
                    var sum: Float = 0
                    for (source, weight) in taps {
                        sum += weight * image.values[(y * image.width + source) * image.channels + c]
                    }
                    wide.values[(y * width + x) * image.channels + c] = sum
                }
            }
        }
        let vertical = weights(from: image.height, to: height)
        var out = FloatImage(width: width, height: height, channels: image.channels)
        for (y, taps) in vertical.enumerated() {
            for x in 0..<width {
                for c in 0..<image.channels {
                    var sum: Float = 0
                    for (source, weight) in taps {
                        sum += weight * wide.values[(source * width + x) * image.channels + c]
                    }
                    out.values[(y * width + x) * image.channels + c] = sum
                }
            }
        }
        return out
    }

    /// For each output position, the source positions and normalised triangle-filter weights.
    private static func weights(from input: Int, to output: Int) -> [[(Int, Float)]] {
        let scale = Double(input) / Double(output)
        let support = max(scale, 1)
        return (0..<output).map { i in
            let center = (Double(i) + 0.5) * scale
            let low = max(0, Int((center - support).rounded(.down))),
                high = min(input - 1, Int((center + support).rounded(.up)))
            var taps: [(Int, Float)] = []
            for j in low...high {
                let weight = max(0, 1 - abs((Double(j) + 0.5 - center) / support))
                if weight > 0 { taps.append((j, Float(weight))) }
            }
            let total = taps.reduce(Float(0)) { $0 + $1.1 }
            return total > 0 ? taps.map { ($0.0, $0.1 / total) } : [(min(input - 1, Int(center)), 1)]
        }
    }

    /// Rotated by `degrees` (counter-clockwise) about the centre, bilinear, zeros where nothing maps.
    public static func rotate(_ image: FloatImage, degrees: Double) -> FloatImage {
        if degrees == 0 { return image }
        let radians = degrees * Double.pi / 180
        let cosine = Float(cos(radians)), sine = Float(sin(radians))
        let cx = Float(image.width) / 2, cy = Float(image.height) / 2
        var out = FloatImage(width: image.width, height: image.height, channels: image.channels)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let dx = Float(x) + 0.5 - cx, dy = Float(y) + 0.5 - cy
                let sx = cosine * dx - sine * dy + cx - 0.5, sy = sine * dx + cosine * dy + cy - 0.5
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                let fx = sx - Float(x0), fy = sy - Float(y0)
                for c in 0..<image.channels {
                    let top = image.at(y0, x0, c) * (1 - fx) + image.at(y0, x0 + 1, c) * fx
                    let bottom = image.at(y0 + 1, x0, c) * (1 - fx) + image.at(y0 + 1, x0 + 1, c) * fx
                    out.values[(y * image.width + x) * image.channels + c] = top * (1 - fy) + bottom * fy
                }
            }
        }
        return out
    }
}
