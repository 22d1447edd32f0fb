import ArgumentParser
import Foundation

/// `digdag init <dir> [-t TYPE]` (alias `new`): creates an example project (`cli:Init.java`).
struct InitCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "init", aliases: ["new"])

    @OptionGroup var common: CommonOptions

    /// `-t, --type`: which example to create.
    @Option(name: [.customShort("t"), .customLong("type")], parsing: .unconditional)
    var exampleType: String = "echo"

    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) init <dir> [options...]\n"
            + "  Options:\n"
            + "    -t, --type EXAMPLE_TYPE          example project type (echo / sh / ruby / python / td / postgresql. default: echo)\n"
            + context.commonOptions
            + "  Example:\n"
            + "    $ \(context.programName) init mydag\n"
    }

    func execute(_ context: CommandContext) async throws {
        guard arguments.count == 1 else {
            throw usageExit(context)
        }
        guard let example = ExampleType(rawValue: exampleType) else {
            throw usageExit(context, error: "--type has an invalid value")
        }
        let generator = try ExampleProjectGenerator(
            destination: arguments[0],
            example: example,
            programName: context.programName
        )
        try generator.generate()
    }
}
