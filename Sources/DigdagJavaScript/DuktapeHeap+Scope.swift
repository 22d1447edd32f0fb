import CDuktape
import DigdagCore
import DigdagExpression

extension DuktapeHeap {
    /// Makes `scope` the `this` of the following evaluations, building the object directly on
    /// Duktape's value stack (the values JavaScript sees are those `JSON.parse` would give).
    func setScope(_ scope: ExpressionScope) throws(ExpressionError) {
        var status = cdk_scope_begin(handle)
        if status == CDK_OK {
            status = push(.object(scope.base))
        }
        // Overlay keys replace base keys in place (as `materialized()` does) or are appended.
        for (key, item) in scope.overlay where status == CDK_OK {
            status = push(item)
            if status == CDK_OK {
                status = key.withCString { cdk_put_property(handle, $0, key.utf8.count) }
            }
        }
        let endStatus = cdk_scope_end(handle)
        guard status == CDK_OK, endStatus == CDK_OK else {
            throw ExpressionError("InternalError: JavaScript engine failure (cannot pass the parameters)")
        }
    }

    /// Pushes one value; returns the first failing status.
    private func push(_ value: ConfigValue) -> Int32 {
        switch value {
        case .null:
            return cdk_push_null(handle)
        case .bool(let flag):
            return cdk_push_boolean(handle, flag ? 1 : 0)
        case .int(let integer):
            return cdk_push_number(handle, Double(integer))
        case .double(let double):
            return cdk_push_number(handle, double)
        case .string(let text):
            return text.withCString { cdk_push_string(handle, $0, text.utf8.count) }
        case .array(let items):
            var status = cdk_push_array(handle)
            for (index, item) in items.enumerated() where status == CDK_OK {
                status = push(item)
                if status == CDK_OK { status = cdk_put_index(handle, UInt32(truncatingIfNeeded: index)) }
            }
            return status
        case .object(let object):
            var status = cdk_push_object(handle)
            for (key, item) in object where status == CDK_OK {
                status = push(item)
                if status == CDK_OK {
                    status = key.withCString { cdk_put_property(handle, $0, key.utf8.count) }
                }
            }
            return status
        }
    }
}
