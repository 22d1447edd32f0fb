/// The top-level usage text, printed for `digdag`, `digdag --help` and unknown commands.
enum MainUsage {
    /// The full text, ending with the `<command> --help` hint when `withHint` is true.
    static func text(_ context: UsageContext, withHint: Bool) -> String {
        let name = context.programName
        var text = """
            Usage: \(name) <command> [options...]
              Local-mode commands:
                init <dir>                         create a new workflow project
                r[un] <workflow.dig>               run a workflow
                c[heck]                            show workflow definitions
                sched[uler]                        run a scheduler server
                migrate (run|check)                migrate database
                selfupdate                         update cli to the latest version

              Server-mode commands:
                server                             start server

              Client-mode commands:
                push <project-name>                create and upload a new revision
                download <project-name>            pull an uploaded revision
                start <project-name> <name>        start a new session attempt of a workflow
                retry <attempt-id>                 retry a session
                kill <attempt-id>                  kill a running session attempt
                backfill <schedule-id>             start sessions of a schedule for past times
                backfill <project-name> <name>     start sessions of a schedule for past times
                reschedule <schedule-id>           skip sessions of a schedule to a future time
                reschedule <project-name> <name>   skip sessions of a schedule to a future time
                log <attempt-id>                   show logs of a session attempt
                projects [name]                    show projects
                workflows [project-name] [name]    show registered workflow definitions
                schedules                          show registered schedules
                disable <schedule-id>              disable a workflow schedule
                disable <project-name>             disable all workflow schedules in a project
                disable <project-name> <name>      disable a workflow schedule
                enable <schedule-id>               enable a workflow schedule
                enable <project-name>              enable all workflow schedules in a project
                enable <project-name> <name>       enable a workflow schedule
                sessions                           show sessions for all workflows
                sessions <project-name>            show sessions for all workflows in a project
                sessions <project-name> <name>     show sessions for a workflow
                session  <session-id>              show a single session
                attempts                           show attempts for all sessions
                attempts <session-id>              show attempts for a session
                attempt  <attempt-id>              show a single attempt
                tasks <attempt-id>                 show tasks of a session attempt
                delete <project-name>              delete a project
                secrets --project <project-name>   manage secrets
                version                            show client and server version

              Options:

            """
        text += context.commonOptions
        text += "  Client options:\n"
        text += context.clientOptions
        if withHint {
            text += "Use `<command> --help` to see detailed usage of a command.\n"
        }
        return text
    }
}
