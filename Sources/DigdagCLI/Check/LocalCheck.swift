/// Prints the project's workflow definitions, parameters and schedules; returns the exit status.
func checkProject(_ options: CheckOptions, system: SystemConfig) async throws -> Int32 {
    throw CLIError("not implemented")
}
