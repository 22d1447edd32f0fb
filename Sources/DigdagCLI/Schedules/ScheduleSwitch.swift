import DigdagClient

/// What `disable` and `enable` share (`cli:client/DisableSchedule.java`, `EnableSchedule.java`):
/// a numeric argument is a schedule id, one name is every schedule of a project, two names one
/// workflow's schedule.
struct ScheduleSwitch {
    /// `disable` or `enable`.
    let verb: String
    /// `Disabled` or `Enabled`.
    let pastTense: String
    /// Performs the change on one schedule.
    let change: @Sendable (DigdagClient, Int64) async throws -> Void

    /// The usage text.
    func usage(_ context: UsageContext) -> String {
        let name = context.programName
        let capitalized = verb.prefix(1).uppercased() + verb.dropFirst()
        return "Usage: \(name) \(verb) <schedule-id> | <project-name> [name]\n" + context.clientCommandOptions + """

              Examples:
                $ \(name) \(verb) 17           # \(capitalized) workflow schedule 17
                $ \(name) \(verb) myproj       # \(capitalized) all workflow schedules in the project 'myproj'
                $ \(name) \(verb) myproj mywf  # \(capitalized) the schedule of the workflow 'mywf'


            """
    }

    /// Runs the command for `arguments`; `usage` builds the usage exit.
    func run(_ session: ClientSession, arguments: [String], usage: () -> SystemExit) async throws {
        switch arguments.count {
        case 1:
            let client = try await session.connect()
            if let id = ClientArguments.unsignedIntId(arguments[0]) {
                try await apply(client, id)
                return
            }
            let project = try await client.project(named: arguments[0])
            var lastId: Int64?
            while true {
                let schedules = try await client.schedules(projectId: project.id, lastId: lastId)
                guard let last = schedules.last else { return }
                for schedule in schedules { try await apply(client, schedule.id) }
                lastId = last.id
            }
        case 2:
            let client = try await session.connect()
            let project = try await client.project(named: arguments[0])
            try await apply(client, try await client.schedule(projectId: project.id, workflow: arguments[1]).id)
        default:
            throw usage()
        }
    }

    private func apply(_ client: DigdagClient, _ id: Int64) async throws {
        try await change(client, id)
        StandardStreams.out("\(pastTense) schedule id: \(id)")
    }
}
