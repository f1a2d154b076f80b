import CanvassForms
import CanvassResponses
import Foundation
import Testing

@Suite("Blank answers")
struct BlankAnswerTests {
    @Test("Text made only of white space, including zero width spaces, is blank, as Foundation's trimming says")
    func whiteSpace() {
        for text in ["", " ", "\t\n", "\u{00A0}", "\u{2003}\u{2028}", "\u{200B}", " \u{200B} "] {
            #expect(AnswerCheck.isBlank(.string(text)), "\(text.unicodeScalars.map(\.value))")
            #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
        for text in ["a", " x ", "\u{200B}a", "0"] { #expect(!AnswerCheck.isBlank(.string(text))) }
    }
}
