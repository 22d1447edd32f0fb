/// Walks a command's arguments the way Digdag's JCommander front end does, before ArgumentParser
/// sees them, so that mistakes are reported with JCommander's messages:
/// `Unknown option: -x`, `Expected a value after parameter -t`,
/// `Parameter -p expected a value of the form a=b but got:x` and
/// `Dynamic parameter expected a value of the form a=b but got:x`.
///
/// It also normalizes `-XKEY=VALUE` into `-X KEY=VALUE`.
struct ArgumentScanner {
    /// The command's options.
    let table: OptionTable
    /// Options whose values must contain `=`.
    let keyValueOptions: Set<String>

    /// Checks `arguments` and returns them normalized for ArgumentParser.
    func scan(_ arguments: [String]) throws(CLIError) -> [String] {
        var output: [String] = []
        var index = 0
        var afterDashDash = false
        while index < arguments.count {
            let argument = arguments[index]
            if afterDashDash || argument == "--" || !argument.hasPrefix("-") {
                afterDashDash = afterDashDash || argument == "--"
                output.append(argument)
                index += 1
                continue
            }
            if argument.hasPrefix("-X"), argument.count > 2, table.arity(of: "-X") != nil {
                let value = String(argument.dropFirst(2))
                try requireKeyValue(value, dynamic: true, name: "-X")
                output.append(contentsOf: ["-X", value])
                index += 1
                continue
            }
            guard let arity = table.arity(of: argument) else {
                throw CLIError("Unknown option: \(argument)")
            }
            output.append(argument)
            index += 1
            switch arity {
            case .flag:
                break
            case .single:
                guard index < arguments.count else {
                    throw CLIError("Expected a value after parameter \(argument)")
                }
                let value = arguments[index]
                if argument == "-X" {
                    try requireKeyValue(value, dynamic: true, name: argument)
                } else if keyValueOptions.contains(argument) {
                    try requireKeyValue(value, dynamic: false, name: argument)
                }
                output.append(value)
                index += 1
            case .variable:
                let start = index
                while index < arguments.count, !arguments[index].hasPrefix("-") {
                    output.append(arguments[index])
                    index += 1
                }
                if index == start {
                    throw CLIError("Expected a value after parameter \(argument)")
                }
            }
        }
        return output
    }

    private func requireKeyValue(_ value: String, dynamic: Bool, name: String) throws(CLIError) {
        guard !value.contains("=") else { return }
        if dynamic {
            throw CLIError("Dynamic parameter expected a value of the form a=b but got:\(value)")
        }
        throw CLIError("Parameter \(name) expected a value of the form a=b but got:\(value)")
    }
}
