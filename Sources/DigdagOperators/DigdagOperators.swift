import DigdagOperatorKit

/// The standard operators that need no external service.
public enum StandardOperators {
    /// Control-flow operators (echo, fail, for_each, loop, notify) plus any `extra` ones.
    public static func controlFlow() -> [any Operator] {
        [EchoOperator(), FailOperator(), NotifyOperator(), ForEachOperator(), LoopOperator()]
    }
}
