import Foundation

/// Swin's shifted-window partition of an H×W map, as torchvision's `shifted_window_attention` makes it: the map padded
/// at the bottom and right to whole windows, rolled up and left by the shift (no shift along an axis one window
/// covers), cut into windows of `windowHeight`×`windowWidth` tokens; with the relative position index of every pair of
/// tokens in a window and, when shifted, the mask that keeps tokens from attending across the roll's seams.
public struct WindowPartition: Sendable, Equatable {
    /// The map's size.
    public let height: Int, width: Int
    /// A window's size.
    public let windowHeight: Int, windowWidth: Int
    /// The map's size padded at the bottom and right to whole windows.
    public let paddedHeight: Int, paddedWidth: Int
    /// The shift along each axis after torchvision's rule (zero where one window covers the padded axis).
    public let shiftDown: Int, shiftRight: Int

    /// The partition of a `height`×`width` map into windows of `window` with the block's `shift`.
    public init(height: Int, width: Int, window: [Int], shift: [Int]) {
        (self.height, self.width) = (height, width)
        (windowHeight, windowWidth) = (window[0], window[1])
        paddedHeight = (height + window[0] - 1) / window[0] * window[0]
        paddedWidth = (width + window[1] - 1) / window[1] * window[1]
        shiftDown = window[0] >= paddedHeight ? 0 : shift[0]
        shiftRight = window[1] >= paddedWidth ? 0 : shift[1]
    }

    /// Tokens in a window.
    public var tokens: Int { windowHeight * windowWidth }
    /// Windows down and across.
    public var windowRows: Int { paddedHeight / windowHeight }
    public var windowColumns: Int { paddedWidth / windowWidth }
    /// Windows per image.
    public var windowCount: Int { windowRows * windowColumns }
    /// True when the windows are rolled (and masked).
    public var isShifted: Bool { shiftDown + shiftRight > 0 }

    /// For each token of an image's windows (window by window, each row by row), the position (y·W + x) of the map
    /// it is read from, or −1 for padding.
    public var sourcePositions: [Int] {
        var positions: [Int] = []
        positions.reserveCapacity(windowCount * tokens)
        for row in 0..<windowRows {
            for column in 0..<windowColumns {
                for i in 0..<windowHeight {
                    for j in 0..<windowWidth {
                        let y = (row * windowHeight + i + shiftDown) % paddedHeight
                        let x = (column * windowWidth + j + shiftRight) % paddedWidth
                        positions.append(y < height && x < width ? y * width + x : -1)
                    }
                }
            }
        }
        return positions
    }

    /// For each position of the map (y·W + x), the window token it comes back from (the inverse of `sourcePositions`).
    public var returnPositions: [Int] {
        var positions = [Int](repeating: -1, count: height * width)
        for (token, source) in sourcePositions.enumerated() where source >= 0 { positions[source] = token }
        return positions
    }

    /// torchvision's `relative_position_index`: for tokens a and b of a window, the row of the bias table for their
    /// offset, (a_y − b_y + Wh − 1)·(2·Ww − 1) + a_x − b_x + Ww − 1, at a·T + b.
    public var relativePositionIndex: [Int] {
        var index: [Int] = []
        index.reserveCapacity(tokens * tokens)
        for a in 0..<tokens {
            for b in 0..<tokens {
                let dy = a / windowWidth - b / windowWidth + windowHeight - 1
                let dx = a % windowWidth - b % windowWidth + windowWidth - 1
                index.append(dy * (2 * windowWidth - 1) + dx)
            }
        }
        return index
    }

    /// Swin V2's `relative_coords_table` ((2·Wh − 1) × (2·Ww − 1) × 2): each offset (dy, dx) scaled to ±8 over the
    /// window, then sign · log2(|v| + 1) / 3, in float32 as torchvision computes it.
    public var relativeCoordinates: [Float] {
        func coordinate(_ offset: Int, _ side: Int) -> Float {
            let scaled = Float(offset) / Float(max(side - 1, 1)) * 8
            return (scaled < 0 ? -1 : scaled > 0 ? 1 : 0) * log2(abs(scaled) + 1) / 3
        }
        var table: [Float] = []
        for dy in -(windowHeight - 1)..<windowHeight {
            for dx in -(windowWidth - 1)..<windowWidth {
                table += [coordinate(dy, windowHeight), coordinate(dx, windowWidth)]
            }
        }
        return table
    }

    /// Rows of the relative position bias table: (2·Wh − 1)·(2·Ww − 1).
    public var relativeOffsets: Int { (2 * windowHeight - 1) * (2 * windowWidth - 1) }

    /// The shifted windows' mask (windows × T × T, added to the scores): −100 between tokens from different regions
    /// of the rolled map, 0 within one; nil when the windows are not shifted.
    public var mask: [Float]? {
        guard isShifted else { return nil }
        func region(_ at: Int, padded: Int, window: Int, shift: Int) -> Int {
            guard shift > 0 else { return 0 }
            return at < padded - window ? 0 : at < padded - shift ? 1 : 2
        }
        var mask: [Float] = []
        mask.reserveCapacity(windowCount * tokens * tokens)
        for row in 0..<windowRows {
            for column in 0..<windowColumns {
                let labels = (0..<tokens).map { token in
                    3
                        * region(
                            row * windowHeight + token / windowWidth, padded: paddedHeight, window: windowHeight,
                            shift: shiftDown)
                        + region(
                            column * windowWidth + token % windowWidth, padded: paddedWidth,
                            window: windowWidth, shift: shiftRight)
                }
                for a in labels { for b in labels { mask.append(a == b ? 0 : -100) } }
            }
        }
        return mask
    }
}
