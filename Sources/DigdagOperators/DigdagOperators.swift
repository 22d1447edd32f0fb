import DigdagOperatorKit

/// The standard operators that need no external service.
public enum StandardOperators {
    /// Control-flow operators that need nothing but their config.
    public static func controlFlow() -> [any Operator] {
        [
            EchoOperator(), FailOperator(), NotifyOperator(), ForEachOperator(), LoopOperator(), ForRangeOperator(),
            IfOperator(), WaitOperator(),
        ]
    }
}
