import DigdagCore
import Foundation

/// What `digdag run` was asked to do, after option parsing.
struct LocalRunRequest {
    /// The workflow argument (`mydag`, `mydag.dig`).
    var workflow: String
    /// Optional `+task` to run only that subtree.
    var taskPattern: String?
    /// `--project DIR`.
    var projectDirectory: String?
    /// `-o/--save DIR`, relative to the project.
    var saveDirectory: String = ".digdag/status"
    /// `--no-save`.
    var noSave = false
    /// `-a/--rerun`.
    var rerun = false
    /// `-s/--start +NAME`.
    var start: String?
    /// `-g/--goal +NAME`.
    var goal: String?
    /// `-e/--end +NAME`.
    var end: String?
    /// `-t/--session EXPR`.
    var session: String = "last"
    /// `-p K=V` in order.
    var params: [(String, String)] = []
    /// `-P FILE`.
    var paramsFile: String?
    /// `-d/--dry-run`.
    var dryRun = false
    /// `-E/--show-params`.
    var showParams = false
    /// `--max-task-threads N`.
    var maxTaskThreads = 0
    /// `-O/--task-log DIR`.
    var taskLogDirectory: String?
}

