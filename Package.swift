// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "suanli",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "SuanliCore", targets: ["SuanliCore"]),
    .executable(name: "suanlid", targets: ["suanlid"]),
    .executable(name: "suanli", targets: ["suanli"]),
    .executable(name: "suanli-bench", targets: ["suanli-bench"]),
    .executable(name: "suanli-agent", targets: ["suanli-agent"]),
    .executable(name: "suanli-run-job", targets: ["suanli-run-job"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.1"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // The pure, deterministic scheduling core: no I/O, no clock, no logging.
    .target(
      name: "SuanliCore",
      dependencies: [
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "Algorithms", package: "swift-algorithms"),
      ],
      swiftSettings: strict
    ),
    // Versioned wire types of the HTTP API (Codable), shared by the daemon, the CLI and the agent.
    .target(name: "SuanliAPI", swiftSettings: strict),
    // A client of the API over the Unix socket, for the CLI, the agent, tests and benchmarks.
    .target(name: "SuanliClient", dependencies: ["SuanliAPI"], swiftSettings: strict),
    // libsystemd: sd_notify, watchdog, socket activation, journald, peer credentials.
    .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
    // jemalloc, the allocator of the daemon and the benchmark (linked in place of glibc's malloc), and its counts.
    .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),
    .target(name: "MemoryAllocator", dependencies: ["CJemalloc"], swiftSettings: strict),
    .target(
      name: "SystemdKit",
      dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
      swiftSettings: strict
    ),
    // suanlid's configuration file (TOML): enterprises, quotas, prices, scheduler settings, paths.
    .target(
      name: "SuanliConfig",
      dependencies: ["SuanliCore", "SuanliAPI", .product(name: "TOMLKit", package: "TOMLKit")],
      swiftSettings: strict
    ),
    // HTTP/1.1 over a Unix stream socket (bound or inherited), with each caller's peer credentials,
    // and over TCP with TLS for remote agents.
    .target(
      name: "SuanliHTTP",
      dependencies: [
        "CSystemd", "SuanliAPI",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    // The daemon: configuration, persistence, API server, scheduler loop, authorization.
    .target(
      name: "SuanliDaemon",
      dependencies: [
        "SuanliCore", "SuanliAPI", "SuanliConfig", "SuanliHTTP", "SystemdKit",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "suanlid",
      dependencies: [
        "SuanliDaemon", "SuanliConfig", "SuanliAPI", "SystemdKit", "MemoryAllocator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    // Trace-driven simulation over SuanliCore with a virtual clock: traces, policies, metrics, charts.
    .target(
      name: "SuanliSimulator",
      dependencies: ["SuanliCore", "SuanliConfig", .product(name: "HeapModule", package: "swift-collections")],
      swiftSettings: strict
    ),
    // The CLI: one file per subcommand, over SuanliClient.
    .target(
      name: "SuanliCLI",
      dependencies: [
        "SuanliAPI", "SuanliClient", "SuanliConfig", "SuanliSimulator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(name: "suanli", dependencies: ["SuanliCLI"], swiftSettings: strict),
    // The wrapper each job runs under (identity, working directory, exit status): Glibc only, so it starts fast.
    .target(name: "SuanliJobWrapper", swiftSettings: strict),
    .executableTarget(name: "suanli-run-job", dependencies: ["SuanliJobWrapper"], swiftSettings: strict),
    // The node agent: capacity discovery, registration, heartbeat, running jobs as their users.
    .target(
      name: "SuanliAgent",
      dependencies: [
        "SuanliAPI", "SuanliClient", "SuanliConfig", "SuanliJobWrapper", "SystemdKit",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "suanli-agent",
      dependencies: [
        "SuanliAgent", "SuanliConfig", "SystemdKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    // Test support shared by test targets: a real suanlid process on a temporary socket.
    .target(
      name: "SuanliTestSupport", dependencies: ["SuanliAPI", "SuanliClient"], path: "Tests/SuanliTestSupport",
      swiftSettings: strict),
    // Benchmarks as a command that prints figures (release mode).
    .executableTarget(
      name: "suanli-bench",
      dependencies: [
        "SuanliCore", "SuanliAPI", "SuanliClient", "MemoryAllocator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "SuanliCoreTests",
      dependencies: [
        "SuanliCore",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strict
    ),
    .testTarget(name: "SystemdKitTests", dependencies: ["SystemdKit", "SuanliTestSupport"], swiftSettings: strict),
    .testTarget(
      name: "SuanliCLITests", dependencies: ["SuanliCLI", "SuanliAPI", "SuanliClient", "SuanliTestSupport"],
      exclude: ["Golden"], swiftSettings: strict),
    .testTarget(name: "SuanliConfigTests", dependencies: ["SuanliConfig"], swiftSettings: strict),
    .testTarget(
      name: "SuanliSimulatorTests", dependencies: ["SuanliSimulator", "SuanliCore", "SuanliConfig"],
      swiftSettings: strict),
    .testTarget(
      name: "SuanliAgentTests",
      dependencies: [
        "SuanliAgent", "SuanliAPI", "SuanliClient", "SuanliConfig", "SuanliJobWrapper", "SuanliTestSupport",
      ],
      exclude: ["Benchmark"],
      swiftSettings: strict
    ),
    .testTarget(name: "SuanliHTTPTests", dependencies: ["SuanliHTTP", "SuanliTestSupport"], swiftSettings: strict),
    // The installed units under a real systemd as PID 1 in namespaces (root only).
    .testTarget(
      name: "SuanliSystemdTests", dependencies: ["SuanliAPI", "SuanliTestSupport"], swiftSettings: strict),
    .testTarget(
      name: "SuanliDaemonTests",
      dependencies: ["SuanliDaemon", "SuanliAPI", "SuanliCore", "SuanliClient", "SuanliConfig", "SuanliTestSupport"],
      swiftSettings: strict
    ),
  ]
)
