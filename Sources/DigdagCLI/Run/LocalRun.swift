/// Runs a workflow in local mode and returns the process exit status.
func runLocalWorkflow(_ options: RunOptions, system: SystemConfig) async throws -> Int32 {
    throw CLIError("not implemented")
}
