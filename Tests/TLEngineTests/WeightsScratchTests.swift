import TLGraph
import XCTest

@testable import TLEngine

/// The room a training plan reserves for convolution weights in oneDNN's blocked layouts.
final class WeightsScratchTests: XCTestCase {
    /// A depthwise convolution's groups are blocked, not each group's single channel: ConvNeXt's 768-channel 7x7
    /// reserved 616 MB when each group's one input and output channel was padded to 64.
    func testADepthwiseConvolutionReservesItsPaddedGroups() {
        let depthwise = Layer(
            "dw",
            Conv2dOp(
                outChannels: 768, inChannels: 768, kernel: (7, 7), stride: (1, 1), padding: (3, 3), groups: 768,
                bias: true))
        XCTAssertEqual(WeightsScratch.paddedWeights(depthwise), 768 * 49)
    }

    /// Other convolutions pad each group's output and input channels to 64 (ResNeXt's 32 groups of 4).
    func testAGroupedConvolutionPadsEachGroupsChannels() {
        let grouped = Layer(
            "grouped",
            Conv2dOp(
                outChannels: 128, inChannels: 128, kernel: (3, 3), stride: (1, 1), padding: (1, 1), groups: 32,
                bias: false))
        XCTAssertEqual(WeightsScratch.paddedWeights(grouped), 32 * 64 * 64 * 9)
    }
}
