import CanvassForms
import CanvassStats
import Foundation
import Testing

/// The number of `days` a single response answered with `text` (a JSON number), as the summary reports it.
private func summarisedNumber(_ text: String, question: String = "days") throws -> Double? {
    let comparison = try compare([responseJSON(id: "r1", answers: "{\"\(question)\":\(text)}")], questions: [question])
    return comparison.questions.first?.summary.first?.min
}

/// A form built in code, whose option values and question ids are not ASCII and need escapes in JSON.
private let escapesForm: Form = {
    let odd = ChoiceList(
        name: "odd",
        choices: ["café", "😀 smile", "say \"hi\"", "back\\slash", "tab\tstop", "plain"].map {
            Choice(value: $0, label: LocalizedText($0))
        })
    let ranks = ChoiceList(
        name: "ranks", choices: ["über", "plain"].map { Choice(value: $0, label: LocalizedText($0)) })
    let scale = ChoiceList(
        name: "scale", choices: ["one", "two", "three"].map { Choice(value: $0, label: LocalizedText($0)) })
    let questions = [
        Question(id: "naïve", type: .selectOne, label: LocalizedText("Naive"), choiceList: "odd"),
        Question(id: "emoji😀", type: .selectMultiple, label: LocalizedText("Emoji"), choiceList: "odd"),
        Question(
            id: "grid", type: .matrix, label: LocalizedText("Grid"), choiceList: "scale",
            items: [
                MatrixItem(id: "düsseldorf", label: LocalizedText("D")),
                MatrixItem(id: "plain", label: LocalizedText("P")),
            ]),
        Question(id: "order", type: .rank, label: LocalizedText("Order"), choiceList: "ranks"),
    ]
    return Form(
        id: "escapes", version: "1", title: LocalizedText("Escapes"), choiceLists: [odd, ranks, scale],
        sections: [Section(id: "main", questions: questions)])
}()

@Suite("Reading responses into tallies")
struct AggregationTests {
    // MARK: Numbers

    /// Numbers of every shape JSON allows, including ones that need correct rounding.
    static let numberTexts = [
        "0", "-0", "7", "-7", "7.5", "-3.25", "0.1", "0.2", "0.30000000000000004", "1e3", "1E3", "1e+3", "1e-3",
        "2.5E-10", "-4.75e+12", "123456789", "9007199254740992", "9007199254740993", "9007199254740995",
        "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
        "1234567890123456789.0123456789", "0.000000000000000000000000000123", "3.141592653589793238462643383279",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "100000000000000000000000", "1e23",
        "8.98846567431158e307", "1.7976931348623157e308", "2.2250738585072011e-308", "2.2250738585072014e-308",
        "4.9406564584124654e-324", "5e-324", "2.4703282292062328e-324", "1e-400", "0.1e1", "10e-1",
        "0.000001", "1000000.0000001", "99999999999999999999999999999999999999999e-41", "12345.678e-2",
        "1e22", "1e-22", "9007199254740993e-22", "123456789012345678e-5", "0.9999999999999999999999",
        "-1.5e-7", "6.02214076e23",
    ]

    @Test("Numbers read from JSON equal Swift's Double(String)", arguments: numberTexts)
    func numbers(text: String) throws {
        let expected = try #require(Double(text))
        let got = try #require(try summarisedNumber(text))
        #expect(got == expected, "\(text): got \(got), Double(String) gives \(expected)")
        #expect(got.sign == expected.sign, "\(text): the sign is lost")
    }

    @Test("Whole numbers are read for integer questions, negative ones too")
    func integers() throws {
        #expect(try summarisedNumber("42", question: "staff") == 42)
        #expect(try summarisedNumber("-7", question: "staff") == -7)
        #expect(try summarisedNumber("3000000000", question: "staff") == 3_000_000_000)
    }

    @Test(
        "Text that is not a JSON number is malformed",
        arguments: ["+1", ".5", "1.", "1e", "1e+", "-", "-.5", "NaN", "Infinity", "-Infinity", "0x10", "1.e5", "--1"])
    func badNumbers(text: String) throws {
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["days"])
        var aggregator = ResponseAggregator(plan: plan)
        #expect(throws: MalformedResponse.self, "\(text)") {
            try aggregator.add(Data(responseJSON(id: "r1", answers: "{\"days\":\(text)}").utf8))
        }
    }

    @Test("Scale points are numbers 1…N, written any way JSON allows; missing options are strings")
    func scalePoints() throws {
        let answers = [
            "1", "5", "3.0", "3e0", "30e-1", "0", "6", "2.5", "-1", "\"dont_know\"", "\"a\"", "\"bogus\"", "null",
        ]
        let responses = answers.enumerated().map { i, a in responseJSON(id: "r\(i)", answers: "{\"satisfaction\":\(a)}")
        }
        let comparison = try compare(responses, questions: ["satisfaction"])
        let q = try #require(question("satisfaction", in: comparison))
        #expect(q.rows.map(\.counts) == [[1], [0], [3], [0], [1]])
        #expect(q.base == 5)
        #expect(missingRow("dont_know", of: q)?.counts == [1])
        #expect(missingRow("unanswered", of: q)?.counts == [1])
        // 0, 6, 2.5, -1, "a" (a scale point written as its value), "bogus": six answers not valid.
        #expect(q.notes.contains("6 answer(s) not valid in version 3 are not counted"), "\(q.notes)")
    }

    // MARK: Strings and escapes

    @Test("Option values and question ids written with escapes are the same values and ids")
    func escapedValuesAndKeys() throws {
        let responses = [
            // Raw UTF-8.
            #"{"form":"escapes","formVersion":"1","id":"a","answers":{"naïve":"café","emoji😀":["😀 smile","plain"]}}"#,
            // \u escapes, a surrogate pair, escaped quotes, backslashes and tabs.
            #"{"form":"escapes","formVersion":"1","id":"b","answers":{"na\u00efve":"caf\u00e9","emoji\ud83d\ude00":["\ud83d\ude00 smile","say \"hi\""]}}"#,
            #"{"form":"escapes","formVersion":"1","id":"c","answers":{"na\u00EFve":"say \"hi\"","emoji\uD83D\uDE00":["back\\slash","tab\tstop"]}}"#,
            #"{"form":"escapes","formVersion":"1","id":"d","answers":{"naïve":"back\\slash","emoji😀":["caf\u00e9"]}}"#,
            #"{"form":"escapes","formVersion":"1","id":"e","answers":{"naïve":"tab\tstop","emoji😀":["\u0070lain"]}}"#,
            #"{"form":"escapes","formVersion":"1","id":"f","answers":{"naïve":"\u0063af\u00e9","emoji😀":["cafe"]}}"#,
        ]
        let comparison = try compare(responses, form: escapesForm, questions: ["naïve", "emoji😀"])
        let single = try #require(question("naïve", in: comparison))
        #expect(single.rows.map(\.value) == ["café", "😀 smile", "say \"hi\"", "back\\slash", "tab\tstop", "plain"])
        #expect(single.rows.map(\.counts) == [[3], [0], [1], [1], [1], [0]])
        #expect(single.notes.isEmpty, "\(single.notes)")
        let multiple = try #require(question("emoji😀", in: comparison))
        #expect(multiple.rows.map(\.counts) == [[1], [2], [1], [1], [1], [2]])
        // "cafe" without the accent is not an option.
        #expect(multiple.notes.contains("1 answer(s) not valid in version 1 are not counted"), "\(multiple.notes)")
        #expect(!comparison.notes.contains { $0.contains("left out") }, "\(comparison.notes)")
    }

    @Test("Matrix statements and ranked options written with escapes are recognised")
    func escapedMatrixItemsAndRankOptions() throws {
        let responses = [
            #"{"form":"escapes","formVersion":"1","id":"a","answers":{"grid":{"düsseldorf":1,"plain":2},"order":["über","plain"]}}"#,
            #"{"form":"escapes","formVersion":"1","id":"b","answers":{"grid":{"d\u00fcsseldorf":1,"pl\u0061in":2},"order":["\u00fcber","plain"]}}"#,
        ]
        let comparison = try compare(responses, form: escapesForm, questions: ["grid", "order"])
        #expect(question("grid.düsseldorf", in: comparison)?.rows.first?.counts == [2])
        #expect(question("grid.plain", in: comparison)?.rows.dropFirst().first?.counts == [2])
        #expect(question("order.über", in: comparison)?.rows.first?.counts == [2])
        #expect(question("order.plain", in: comparison)?.rows.dropFirst().first?.counts == [2])
    }

    @Test("A form id or version written with escapes is still the form analysed")
    func escapedFormIDAndVersion() throws {
        let response = #"{"form":"stats\u002dcheck","formVersion":"\u0033","id":"a","answers":{"member":true}}"#
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["member"])
        let tallies = try tally(plan, [response])
        #expect(tallies.otherForms.isEmpty)
        #expect(tallies.responses == 1)
        #expect(tallies.versions.keys.sorted() == ["3"])
    }

    @Test("Text answers are kept unescaped when shown")
    func textUnescaped() throws {
        let responses = [
            #"{"form":"stats-check","formVersion":"3","id":"a","answers":{"comments":"caf\u00e9 \ud83d\ude00 \"quoted\" back\\slash\/ \t\n"}}"#,
            #"{"form":"stats-check","formVersion":"3","id":"b","answers":{"comments":"plain café 😀"}}"#,
        ]
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["comments"], keepsText: true)
        let comparison = Comparison(plan: plan, tallies: try tally(plan, responses))
        let q = try #require(question("comments", in: comparison))
        #expect(q.texts == [["café 😀 \"quoted\" back\\slash/ \t\n", "plain café 😀"]])
        #expect(q.base == 2)
    }

    @Test("Blank text is unanswered whether its white space is written raw or escaped")
    func blankText() throws {
        let blanks = ["", "   ", "\\t \\n", "\\r\\n", "\\u0020"]
        let responses = blanks.enumerated().map { i, blank in
            responseJSON(id: "r\(i)", answers: "{\"comments\":\"\(blank)\"}")
        }
        let comparison = try compare(responses, questions: ["comments"])
        let q = try #require(question("comments", in: comparison))
        #expect(q.base == 0)
        #expect(missingRow("unanswered", of: q)?.counts == [5])
    }

    // MARK: Layout of the JSON

    /// Responses covering every question type, in the compact sorted-key form the tool writes.
    static let sampleResponses: [String] = [
        responseJSON(
            id: "a",
            answers: #"""
                {"channels":["web","post"],"comments":"fine","days":2.5,"member":true,"priorities":["quality","cost","speed"],\#
                "region":"north","satisfaction":4,"services":{"clarity":2,"speed":5},"staff":3,\#
                "tenders":[{"bid_again":true,"ease":3,"outcome":"won","value":12.5},{"ease":1,"outcome":"lost","value":3}]}
                """#),
        responseJSON(
            id: "b",
            answers: #"""
                {"channels":["dont_know"],"days":7,"member":false,"priorities":["speed"],"region":"south",\#
                "satisfaction":"dont_know","services":{"speed":1},"staff":10,"tenders":[]}
                """#),
        responseJSON(
            id: "c",
            answers: #"""
                {"channels":["none"],"days":0.5,"region":"north","satisfaction":2,"staff":1,\#
                "tenders":[{"bid_again":false,"ease":4,"outcome":"withdrew"}]}
                """#),
    ]

    @Test("Pretty-printed responses with keys in any order count the same as compact ones")
    func layoutDoesNotMatter() throws {
        let reshaped = try Self.sampleResponses.map { text in
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
            // Reverse the key order (answers first, form last) and indent with tabs and CRLF.
            let reversed = try #require(object as? [String: Any])
            var parts: [String] = []
            for key in reversed.keys.sorted().reversed() {
                let value = try JSONSerialization.data(
                    withJSONObject: reversed[key] ?? NSNull(), options: [.fragmentsAllowed, .prettyPrinted])
                parts.append("\t\"\(key)\" :\r\n\t\t" + String(decoding: value, as: UTF8.self))
            }
            return [
                String(decoding: pretty, as: UTF8.self),
                "\r\n {\r\n" + parts.joined(separator: " ,\r\n") + "\r\n}\r\n\t ",
            ]
        }
        let plan = try AnalysisPlan(form: statsCheckForm, by: "region")
        let expected = Comparison(plan: plan, tallies: try tally(plan, Self.sampleResponses))
        let pretty = Comparison(plan: plan, tallies: try tally(plan, reshaped.map { $0[0] }))
        let reordered = Comparison(plan: plan, tallies: try tally(plan, reshaped.map { $0[1] }))
        #expect("\(pretty)" == "\(expected)")
        #expect("\(reordered)" == "\(expected)")
        #expect(expected.responses == 3)
        let satisfaction = question("satisfaction", in: expected)?.rows.map(\.counts)
        #expect(satisfaction == [[0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]])
    }

    @Test("Unknown keys are skipped; unknown answers are noted by question")
    func unknownKeys() throws {
        let responses = [
            #"""
            {"extra":{"nested":[1,-2.5e3,{"a":null,"b":[true,false,"x\"y"]}],"s":"}"},"answers":{"member":true,\#
            "old_question":{"deep":[1,2,[3]]},"another":"x"},"form":"stats-check","formVersion":"3","id":"a","z":[]}
            """#,
            #"{"answers":{"member":false,"old_question":7},"form":"stats-check","formVersion":"3","id":"b"}"#,
        ]
        let comparison = try compare(responses, questions: ["member"])
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[1], [1]])
        #expect(
            comparison.notes.contains(
                "version 3: answers to questions not in 3 were left out: another (1), old_question (2)"),
            "\(comparison.notes)")
    }

    @Test("A null answer is unanswered, for every type of question")
    func nullIsUnanswered() throws {
        let answers = #"""
            {"region":null,"member":null,"satisfaction":null,"services":{"speed":null,"clarity":null},"staff":null,\#
            "days":null,"channels":null,"priorities":null,"comments":null}
            """#
        let empty = #"{"channels":[],"priorities":[],"services":{},"comments":""}"#
        let nulls = #"{"services":null,"priorities":null,"tenders":null}"#
        let comparison = try compare([
            responseJSON(id: "a", answers: answers), responseJSON(id: "b", answers: empty),
            responseJSON(id: "c", answers: nulls),
        ])
        for q in comparison.questions where q.section == nil {
            #expect(q.base == 0, "\(q.id)")
            #expect(missingRow("unanswered", of: q)?.counts == [3], "\(q.id): \(q.missing)")
            #expect(!q.notes.contains { $0.contains("not valid") }, "\(q.id): \(q.notes)")
        }
    }

    @Test("Answers of the wrong type are counted as not valid, never in a base")
    func wrongTypes() throws {
        let wrong = [
            #"{"region":5,"member":"yes","satisfaction":"a","services":"fast","staff":"12","days":[1],"channels":"web","priorities":"cost"}"#,
            #"{"region":"nowhere","member":1,"satisfaction":7,"services":[1,2],"staff":true,"days":{"x":1},"channels":["web",3],"priorities":{"a":1}}"#,
            #"{"region":["north"],"member":"true","satisfaction":2.5,"staff":"","days":"1.5","channels":["web","bogus"]}"#,
        ]
        let responses = wrong.enumerated().map { responseJSON(id: "r\($0)", answers: $1) }
        let comparison = try compare(responses)
        let invalid = [
            "region": 3, "member": 3, "satisfaction": 3, "services.speed": 2, "services.clarity": 2, "staff": 3,
            "days": 3, "channels": 3, "priorities.cost": 2, "priorities.quality": 2, "priorities.speed": 2,
        ]
        for (id, count) in invalid {
            let q = try #require(question(id, in: comparison))
            #expect(q.base == 0, "\(id)")
            #expect(q.notes.contains("\(count) answer(s) not valid in version 3 are not counted"), "\(id): \(q.notes)")
            let unanswered = missingRow("unanswered", of: q)?.counts
            #expect(unanswered == [3 - count], "\(id)")
        }
        #expect(
            comparison.notes.contains {
                $0.hasPrefix("version 3: answers 3 does not allow were counted as not valid: ")
            },
            "\(comparison.notes)")
    }

    @Test(
        "Text that is not a response object is malformed",
        arguments: [
            "", "   ", "[]", "{}", "null", #"{"form":"stats-check"}"#, #"{"answers":{}}"#,
            #"{"form":"stats-check","answers":{}} {"#, #"{"form":"stats-check","answers":{"member":tru}}"#,
            #"{"form":"stats-check","answers":{"member":true}"#, #"{"form":"stats-check","answers":{"member" true}}"#,
            #"{"form":"stats-check","answers":{"comments":"unterminated}}"#,
            "{\"form\":\"stats-check\",\"answers\":{\"comments\":\"a\nb\"}}",
            #"{"form":"stats-check","answers":{"member":true,}}"#, #"{"form":"stats-check",,"answers":{}}"#,
        ])
    func notAResponse(text: String) throws {
        let plan = try AnalysisPlan(form: statsCheckForm)
        var aggregator = ResponseAggregator(plan: plan)
        #expect(throws: MalformedResponse.self, "\(text)") { try aggregator.add(Data(text.utf8)) }
    }

    // MARK: Forms, versions and corrections

    @Test("Responses to other forms are skipped and counted by form")
    func otherForms() throws {
        var responses = Self.sampleResponses
        responses.append(responseJSON(id: "x", answers: #"{"region":"north"}"#, form: "other-form"))
        responses.append(responseJSON(id: "y", answers: #"{"region":"south"}"#, form: "other-form"))
        responses.append(responseJSON(id: "z", answers: #"{}"#, form: "stats-check-2"))
        let plan = try AnalysisPlan(form: statsCheckForm, by: "region")
        let tallies = try tally(plan, responses)
        #expect(tallies.otherForms == ["other-form": 2, "stats-check-2": 1])
        #expect(tallies.responses == 3)
        let comparison = Comparison(plan: plan, tallies: tallies)
        #expect(comparison.responses == 3)
        #expect(comparison.groups.map(\.n) == [2, 1, 0, 0])
        #expect(comparison.notes.contains("2 response(s) to the form 'other-form' were skipped"), "\(comparison.notes)")
        #expect(comparison.notes.contains("1 response(s) to the form 'stats-check-2' were skipped"))
    }

    @Test("Other versions are counted; their unknown questions and answers not valid now are noted")
    func otherVersions() throws {
        let responses = [
            responseJSON(id: "a", answers: #"{"region":"north","member":true}"#),
            responseJSON(id: "b", answers: #"{"region":"central","member":true,"old_question":1}"#, version: "2"),
            responseJSON(id: "c", answers: #"{"region":"south","old_question":2,"gone":"x"}"#, version: "2"),
            responseJSON(id: "d", answers: #"{"region":"south","satisfaction":9}"#, version: "2"),
            #"{"form":"stats-check","id":"e","answers":{"member":false}}"#,
        ]
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["region", "member", "satisfaction"])
        let tallies = try tally(plan, responses)
        #expect(tallies.responses == 5)
        #expect(tallies.versions["2"]?.responses == 3)
        #expect(tallies.versions["2"]?.unknownQuestions == ["old_question": 2, "gone": 1])
        #expect(tallies.versions["2"]?.invalidAnswers == ["region": 1, "satisfaction": 1])
        #expect(tallies.versions["unknown"]?.responses == 1)
        let comparison = Comparison(plan: plan, tallies: tallies)
        let expected =
            "version 2: 3 response(s) answer version 2, analysed as 3 where the questions are the same; "
            + "answers to questions not in 3 were left out: gone (1), old_question (2); "
            + "answers 3 does not allow were counted as not valid: region (1), satisfaction (1)"
        #expect(comparison.notes.contains(expected), "\(comparison.notes)")
        #expect(comparison.notes.contains { $0.hasPrefix("version unknown: 1 response(s) answer version unknown") })
        // Answers valid in both versions are counted whatever the version.
        #expect(question("region", in: comparison)?.rows.map(\.counts) == [[1], [2], [0], [0]])
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[2], [1]])
    }

    @Test("Grouping by formVersion makes a group of each version, in order of their names")
    func byVersion() throws {
        let responses = [
            responseJSON(id: "a", answers: #"{"member":true}"#, version: "10"),
            responseJSON(id: "b", answers: #"{"member":true}"#, version: "3"),
            responseJSON(id: "c", answers: #"{"member":false}"#, version: "2"),
            responseJSON(id: "d", answers: #"{"member":false}"#, version: "3"),
        ]
        let comparison = try compare(responses, by: "formVersion", questions: ["member"])
        #expect(comparison.groups.map(\.value) == ["2", "3", "10"])
        #expect(comparison.groups.map(\.n) == [1, 2, 1])
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[0, 1, 1], [1, 1, 0]])
    }

    @Test("Responses whose ids are excluded (replaced by corrections) are left out")
    func excluding() throws {
        let responses = [
            responseJSON(id: "a", answers: #"{"member":true}"#),
            responseJSON(id: "b", answers: #"{"member":true}"#, deprecates: "a"),
            responseJSON(id: "c", answers: #"{"member":false}"#),
        ]
        let plan = try AnalysisPlan(form: statsCheckForm, questions: ["member"])
        let first = try tally(plan, responses)
        #expect(first.replaced == ["a"])
        #expect(first.responses == 3)
        let second = try tally(plan, responses, excluding: first.replaced)
        #expect(second.responses == 2)
        #expect(second.replacedSkipped == 1)
        let comparison = Comparison(plan: plan, tallies: second)
        #expect(question("member", in: comparison)?.rows.map(\.counts) == [[1], [1]])
    }

    // MARK: Repeat sections

    @Test("Grouping by a question of a repeat section makes each entry a row, grouped by its own answer")
    func groupedByRepeatQuestion() throws {
        let comparison = try compare(Self.sampleResponses, by: "outcome")
        #expect(comparison.unit == "tender")
        #expect(comparison.rows == 3)
        #expect(comparison.responses == 3)
        #expect(comparison.groups.map(\.value) == ["won", "lost", "withdrew"])
        #expect(comparison.groups.map(\.n) == [1, 1, 1])
        #expect(
            question("ease", in: comparison)?.rows.map(\.counts) == [[0, 1, 0], [0, 0, 0], [1, 0, 0], [0, 0, 1]])
        #expect(question("bid_again", in: comparison)?.rows.map(\.counts) == [[1, 0, 0], [0, 0, 1]])
        #expect(missingRow("unanswered", of: question("bid_again", in: comparison))?.counts == [0, 1, 0])
        #expect(!comparison.questions.contains { $0.section == nil })
    }

    @Test("Without grouping, a repeat section's questions count one row per entry")
    func summaryOfRepeatQuestions() throws {
        let comparison = try compare(Self.sampleResponses)
        let ease = try #require(question("ease", in: comparison))
        #expect(ease.section == "tenders")
        #expect(ease.rows.map(\.counts) == [[1], [0], [1], [1]])
        #expect(ease.base == 3)
        let value = try #require(question("value", in: comparison))
        #expect(value.summary.first?.n == 2)
        #expect(value.summary.first?.mean == 7.75)
        #expect(missingRow("unanswered", of: value)?.counts == [1])
    }

    @Test("Grouping by a top-level question groups each repeat entry by its response's answer")
    func repeatEntriesGroupedByParent() throws {
        let comparison = try compare(Self.sampleResponses, by: "region", groups: ["north", "south"])
        guard let ease = question("ease", in: comparison) else { return }
        #expect(ease.section == "tenders")
        // North's responses a and c have three tenders; south's b has none.
        #expect(ease.rows.map(\.counts) == [[1, 0], [0, 0], [1, 0], [1, 0]])
        #expect(question("outcome", in: comparison)?.rows.map(\.counts) == [[1, 0], [1, 0], [1, 0]])
    }
}
