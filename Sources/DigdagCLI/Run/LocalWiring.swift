import DigdagCore
import DigdagExpression
import DigdagJavaScript
import DigdagOperatorKit
import DigdagOperators
import DigdagProject
import DigdagRuntime
import Foundation

/// A workflow as `digdag run` needs it.
struct LoadedWorkflow {
    var name: String
    var timeZoneName: String
    var zone: TimeZone
    var schedule: Config?
    /// The task config (root keys without `timezone`, `schedule`, `sla`).
    var config: Config
}

/// The concrete pieces local mode runs on: the only place that picks implementations.
struct LocalWiring {
    let operators: OperatorRegistry
    let evaluator: any ParamsEvaluator

    static func standard() -> LocalWiring {
        var registry = OperatorRegistry(StandardOperators.controlFlow())
        registry.register(CallOperator())
        registry.register(RequireOperator())
        registry.register(ShOperator())
        registry.register(PyOperator())
        registry.register(RbOperator())
        registry.register(EmbulkOperator())
        registry.register(HttpOperator())
        registry.register(HttpCallOperator())
        registry.register(MailOperator())
        registry.register(PgOperator())
        registry.register(MysqlOperator())
        return LocalWiring(operators: registry, evaluator: TemplateParamsEvaluator(DuktapeEngine()))
    }

    func loadProject(_ path: URL) throws -> [LoadedWorkflow] {
        try ProjectLoader.load(projectDirectory: path).workflows.map { file in
            LoadedWorkflow(
                name: file.name, timeZoneName: file.timeZone, zone: ZoneNames.zone(file.timeZone) ?? .gmt,
                schedule: file.schedule?.objectValue, config: file.definitionConfig)
        }
    }

    func statusStore(_ path: URL) -> any StatusStore { StatusDirectory(path: path) }

    var lastStatusTime: (URL, String) -> Date? { StatusDirectory.lastSessionTime(in:workflow:) }

    var renderYAML: @Sendable (Config) -> String { { JacksonYAML.render($0) } }
}

/// The runtime's evaluator protocol over the `${...}` template evaluator.
struct TemplateParamsEvaluator: ParamsEvaluator {
    let templates: TemplateEvaluator

    init(_ engine: any ExpressionEngine) {
        templates = TemplateEvaluator(engine: engine)
    }

    func evaluate(_ config: Config, scope: Config, timeZone: String) throws(ConfigError) -> Config {
        try templates.evaluate(config, scope: scope, timeZone: timeZone)
    }

    func render(_ text: String, scope: Config, timeZone: String) throws(ConfigError) -> String {
        try templates.render(text, scope: scope, timeZone: timeZone)
    }
}
