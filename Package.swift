// swift-tools-version: 6.1

import PackageDescription

/// Swift 6 upcoming features every Canvass target builds with (as Hummingbird does).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Canvass",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "canvass", targets: ["canvass"]),
        .library(name: "CanvassForms", targets: ["CanvassForms"]),
        .library(name: "CanvassResponses", targets: ["CanvassResponses"]),
        .library(name: "CanvassQuestionnaires", targets: ["CanvassQuestionnaires"]),
        .library(name: "CanvassOutbox", targets: ["CanvassOutbox"]),
        .library(name: "CanvassTransport", targets: ["CanvassTransport"]),
        .library(name: "CanvassCommands", targets: ["CanvassCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "CanvassForms",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassResponses",
            dependencies: ["CanvassForms"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CCurl"),
        .target(
            name: "CanvassTransport",
            dependencies: ["CCurl"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassOutbox",
            dependencies: [
                "CanvassResponses", "CanvassTransport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassQuestionnaires",
            dependencies: ["CanvassForms", "CanvassResponses"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassCommands",
            dependencies: [
                "CanvassForms",
                "CanvassQuestionnaires",
                "CanvassResponses",
                "CanvassOutbox",
                "CanvassTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "canvass",
            dependencies: ["CanvassCommands"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassTesting",
            dependencies: ["CanvassForms", "CanvassCommands"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassFormsTests",
            dependencies: [
                "CanvassForms", "CanvassTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassResponsesTests",
            dependencies: ["CanvassResponses", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassTransportTests",
            dependencies: ["CanvassTransport", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassOutboxTests",
            dependencies: ["CanvassOutbox", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassQuestionnairesTests",
            dependencies: ["CanvassQuestionnaires", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassCommandsTests",
            dependencies: ["CanvassCommands", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
