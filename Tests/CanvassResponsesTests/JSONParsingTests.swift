import CanvassForms
import Testing

/// The value `bytes` parse to, or the error as a user reads it (`at byte N: message`).
func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONSyntaxError> {
    Result { () throws(JSONSyntaxError) in try JSONValue(parsing: bytes) }
}

/// The error `text` is refused with, as a user reads it, or `nil` if it parses.
func syntaxError(_ text: String) -> String? {
    syntaxError(Array(text.utf8))
}

/// The error `bytes` are refused with, as a user reads it, or `nil` if they parse.
func syntaxError(_ bytes: [UInt8]) -> String? {
    if case .failure(let error) = parse(bytes) { return error.description }
    return nil
}

/// The value `text` parses to, or `nil`.
func parsed(_ text: String) -> JSONValue? {
    try? JSONValue(parsing: text)
}

@Suite("JSON parsing (RFC 8259)")
struct JSONParsingTests {
    @Test func everyKindOfValueIsRead() {
        #expect(
            parsed(#"{"a":[1,true,false,null,"x",{}],"b":{"c":[]}}"#)
                == .object([
                    "a": .array([.number(1), .bool(true), .bool(false), .null, .string("x"), .object([:])]),
                    "b": .object(["c": .array([])]),
                ]))
    }

    @Test func anyValueMayStandAlone() {
        #expect(parsed("3") == .number(3))
        #expect(parsed(#""x""#) == .string("x"))
        #expect(parsed("null") == .null)
        #expect(parsed("true") == .bool(true))
    }

    @Test func insignificantWhiteSpaceIsSkipped() {
        #expect(parsed(" \t\n\r[ 1 ,\n 2 ]\r\n ") == .array([.number(1), .number(2)]))
        #expect(parsed(" {\n \"a\" : 1 \t} ") == .object(["a": .number(1)]))
    }

    @Test func onlyJSONWhiteSpaceIsWhiteSpace() {
        #expect(syntaxError("\u{0C}[1]") == "at byte 0: expected a JSON value")
        #expect(syntaxError("[1]\u{A0}") == "at byte 3: unexpected text after the JSON value")
        #expect(syntaxError([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == "at byte 0: expected a JSON value")
    }

    @Test func simpleEscapesAreRead() {
        #expect(parsed(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test func unicodeEscapesAreRead() {
        #expect(parsed(#""\u00e9\u00E9\u0041""#) == .string("ééA"))
        #expect(parsed(#""\u0000""#) == .string("\u{0}"))
        #expect(parsed(#""caf\u00e9 \u2028""#) == .string("café \u{2028}"))
    }

    @Test func surrogatePairsMakeOneCharacter() {
        #expect(parsed(#""\ud83d\ude00""#) == .string("😀"))
        #expect(parsed(#""\uD834\uDD1E!""#) == .string("𝄞!"))
    }

    @Test func rawUTF8IsKept() {
        #expect(parsed("\"é漢😀\u{7F}\"") == .string("é漢😀\u{7F}"))
    }

    @Test func badEscapesPointAtTheirBackslash() {
        #expect(syntaxError(#""ab\x""#) == "at byte 3: an invalid escape in a string")
        #expect(syntaxError(#""\u12G4""#) == "at byte 1: a \\u escape needs four hex digits")
        #expect(syntaxError(#""\u12"#) == "at byte 1: a \\u escape needs four hex digits")
        #expect(syntaxError(#""a\"#) == "at byte 3: a string has no closing quote")
    }

    @Test func unpairedSurrogatesAreRefused() {
        #expect(syntaxError(#""\ud83d""#) == "at byte 1: an unpaired surrogate in a \\u escape")
        #expect(syntaxError(#""\ud83dx""#) == "at byte 1: an unpaired surrogate in a \\u escape")
        #expect(syntaxError(#""x\ud800\u0041""#) == "at byte 2: an unpaired surrogate in a \\u escape")
        #expect(syntaxError(#""\ud800\ud800""#) == "at byte 1: an unpaired surrogate in a \\u escape")
        #expect(syntaxError(#""\udc00""#) == "at byte 1: an unpaired surrogate in a \\u escape")
    }

    @Test func controlCharactersMustBeEscaped() {
        #expect(syntaxError("\"a\nb\"") == "at byte 2: a control character must be escaped inside a string")
        #expect(syntaxError("\"ab\u{0}\"") == "at byte 3: a control character must be escaped inside a string")
        #expect(syntaxError("\"\u{1F}\"") == "at byte 1: a control character must be escaped inside a string")
    }

    @Test func invalidUTF8PointsAtTheBadByte() {
        let quote = UInt8(ascii: "\"")
        #expect(syntaxError([quote, 0x61, 0xFF, 0x62, quote]) == "at byte 2: the text is not valid UTF-8")
        #expect(syntaxError([quote, 0x61, 0x62, 0xC3, quote]) == "at byte 3: the text is not valid UTF-8")
        // An encoded surrogate (U+D800) and an overlong '/' are not UTF-8 either.
        #expect(syntaxError([quote, 0xED, 0xA0, 0x80, quote]) == "at byte 1: the text is not valid UTF-8")
        #expect(syntaxError([quote, 0x5C, 0x6E, 0xC0, 0xAF, quote]) == "at byte 3: the text is not valid UTF-8")
    }

    @Test func anUnclosedStringIsRefusedAtTheEnd() {
        #expect(syntaxError(#""abc"#) == "at byte 4: a string has no closing quote")
        #expect(syntaxError(#"{"a":"b}"#) == "at byte 8: a string has no closing quote")
    }

    @Test func numbersAreReadAsRFC8259WritesThem() {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", 0), ("7", 7), ("-12.25", -12.25), ("1.5e3", 1500), ("1E-2", 0.01), ("2e+2", 200),
            ("0.000001", 0.000_001), ("1e308", 1e308), ("123456789012345678901234567890", 1.234_567_890_123_456_8e29),
        ]
        for (text, number) in cases {
            #expect(parsed(text) == .number(number), "\(text)")
        }
    }

    @Test func malformedNumbersPointAtTheirFault() {
        #expect(syntaxError("01") == "at byte 0: a number may not start with 0")
        #expect(syntaxError("[-01]") == "at byte 1: a number may not start with 0")
        #expect(syntaxError("1.") == "at byte 2: a number needs digits after '.'")
        #expect(syntaxError("1.e5") == "at byte 2: a number needs digits after '.'")
        #expect(syntaxError("1e") == "at byte 2: a number needs digits in its exponent")
        #expect(syntaxError("[1e+]") == "at byte 4: a number needs digits in its exponent")
        #expect(syntaxError("-") == "at byte 0: expected a JSON value")
        #expect(syntaxError(".5") == "at byte 0: expected a JSON value")
        #expect(syntaxError("+1") == "at byte 0: expected a JSON value")
        #expect(syntaxError("[1, -1e999]") == "at byte 4: the number is out of range")
        #expect(syntaxError("1e400") == "at byte 0: the number is out of range")
        #expect(syntaxError("0x10") == "at byte 1: unexpected text after the JSON value")
        #expect(syntaxError("NaN") == "at byte 0: expected a JSON value")
        #expect(syntaxError("-Infinity") == "at byte 0: expected a JSON value")
    }

    @Test func misspeltLiteralsAreRefused() {
        #expect(syntaxError("tru") == "at byte 0: expected a JSON value")
        #expect(syntaxError("[nul]") == "at byte 1: expected a JSON value")
        #expect(syntaxError("True") == "at byte 0: expected a JSON value")
        #expect(syntaxError("falsey") == "at byte 5: unexpected text after the JSON value")
    }

    @Test func trailingTextIsRefused() {
        #expect(syntaxError(#"{"a":1} x"#) == "at byte 8: unexpected text after the JSON value")
        #expect(syntaxError("[1]]") == "at byte 3: unexpected text after the JSON value")
        #expect(syntaxError("1 2") == "at byte 2: unexpected text after the JSON value")
        #expect(syntaxError("{}{}") == "at byte 2: unexpected text after the JSON value")
    }

    @Test func anEmptyDocumentIsRefused() {
        #expect(syntaxError("") == "at byte 0: the JSON ends too soon")
        #expect(syntaxError("   ") == "at byte 3: the JSON ends too soon")
    }

    @Test func malformedListsPointAtTheirFault() {
        #expect(syntaxError("[1,]") == "at byte 3: expected a JSON value")
        #expect(syntaxError("[1 2]") == "at byte 3: expected ',' or ']' in a list")
        #expect(syntaxError("[1") == "at byte 2: the JSON ends inside a list")
        #expect(syntaxError("[") == "at byte 1: the JSON ends too soon")
        #expect(syntaxError("[,1]") == "at byte 1: expected a JSON value")
    }

    @Test func malformedObjectsPointAtTheirFault() {
        #expect(syntaxError(#"{"a" 1}"#) == "at byte 5: expected ':' after a key")
        #expect(syntaxError(#"{"a":1,}"#) == "at byte 7: expected a key in quotes")
        #expect(syntaxError(#"{"a":1 "b":2}"#) == "at byte 7: expected ',' or '}' in an object")
        #expect(syntaxError(#"{1:2}"#) == "at byte 1: expected a key in quotes")
        #expect(syntaxError(#"{'a':2}"#) == "at byte 1: expected a key in quotes")
        #expect(syntaxError(#"{"a":1"#) == "at byte 6: the JSON ends inside an object")
        #expect(syntaxError(#"{"a":"#) == "at byte 5: the JSON ends too soon")
    }

    @Test func aDuplicateKeyIsRefusedWhereItIsRepeated() {
        #expect(syntaxError(#"{"a":1,"a":2}"#) == "at byte 7: the key 'a' appears twice in one object")
        #expect(syntaxError(#"{"b":{"x":1}, "c":0, "b":3}"#) == "at byte 21: the key 'b' appears twice in one object")
        // The same key in different objects is fine.
        #expect(parsed(#"[{"a":1},{"a":2}]"#) == .array([.object(["a": .number(1)]), .object(["a": .number(2)])]))
        // Escapes are resolved before keys are compared.
        #expect(syntaxError(#"{"a":1,"\u0061":2}"#) == "at byte 7: the key 'a' appears twice in one object")
    }

    @Test func nestingIsLimitedTo512Levels() {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(syntaxError(deepest) == nil)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(syntaxError(tooDeep) == "at byte 512: the JSON is nested too deeply")
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(syntaxError(objects) == "at byte 2560: the JSON is nested too deeply")
        // Far deeper input is refused the same way, without exhausting the stack.
        #expect(syntaxError(String(repeating: "[", count: 100_000)) == "at byte 512: the JSON is nested too deeply")
    }

    @Test func canonicalTextParsesBackToTheSameValue() throws {
        let value: JSONValue = .object([
            "text": .string("line\n\"quoted\" \\ é 😀 \u{01}"), "numbers": .array([.number(-0.5), .number(1e20)]),
            "nested": .object(["empty": .object([:]), "list": .array([]), "flag": .bool(false), "none": .null]),
        ])
        #expect(try JSONValue(parsing: value.canonicalText) == value)
        #expect(try JSONValue(parsing: value.prettyText) == value)
    }
}
